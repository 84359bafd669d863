/** Orders strings by UTF-16 code units: the same on every database and collation. */
export const byCodeUnits = (a: string, b: string) => {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
};
