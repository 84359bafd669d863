import '@testing-library/jest-dom';

// jsdom does no layout, so recharts' ResponsiveContainer would measure 0×0 and draw
// nothing: its container gets a fixed size, and ResizeObserver never fires.
class NoLayoutResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
if (!('ResizeObserver' in globalThis)) {
  Object.assign(globalThis, { ResizeObserver: NoLayoutResizeObserver });
}
const measure = HTMLElement.prototype.getBoundingClientRect;
HTMLElement.prototype.getBoundingClientRect = function fixedChartSize(
  this: HTMLElement,
) {
  if (this.classList.contains('recharts-responsive-container')) {
    return new DOMRect(0, 0, 600, 300);
  }
  return measure.call(this);
};

// Whole pages render here, some loaded lazily: on a busy 2-core CI machine a test can need
// more than jest's default 5 s without anything being wrong.
jest.setTimeout(20_000);
