/**
 * "No TSA is set" with the way out: a button that opens Settings, where the
 * TSA URL is entered. Every feature that needs a time-stamp (a document's
 * long-term validation, a checkpoint's trusted time) says it the same way;
 * each caller words the message for what it cannot do.
 */
import { Alert, Button } from 'antd';

interface Props {
  /** What cannot be done without a TSA, in the caller's words. */
  title: string;
  /** The button's label. */
  openSettings: string;
  testId: string;
  /** Runs before Settings opens (e.g. a dialog closes itself). */
  onLeave?: () => void;
}

export function NoTsaAlert({ title, openSettings, testId, onLeave }: Props) {
  return (
    <Alert
      type="info"
      showIcon
      data-testid={testId}
      title={title}
      action={
        <Button
          size="small"
          onClick={() => {
            onLeave?.();
            window.location.hash = '#/settings';
          }}
        >
          {openSettings}
        </Button>
      }
    />
  );
}
