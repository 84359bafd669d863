import { FormEvent, ReactNode } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';

/**
 * A dialog holding a form: its fields, the server's refusal in an alert, and cancel and
 * submit buttons. `id` names the heading the dialog is labelled by.
 */
export function FormDialog(props: {
  id: string;
  title: string;
  open: boolean;
  onClose: () => void;
  onSubmit: (event: FormEvent) => void;
  submitLabel: string;
  cancelLabel: string;
  error?: string;
  busy?: boolean;
  children: ReactNode;
}) {
  const headingId = `${props.id}-heading`;
  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      aria-labelledby={headingId}
    >
      <form onSubmit={props.onSubmit}>
        <DialogTitle id={headingId}>{props.title}</DialogTitle>
        <DialogContent>
          {props.children}
          <Typography role="alert" color="error" variant="body2">
            {props.error ?? ''}
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose}>{props.cancelLabel}</Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={props.busy}
          >
            {props.submitLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
