import { Typography } from 'antd';

/** A SHA-256 fingerprint: short on screen, the whole value in the copy button and the tooltip. */
export function Fingerprint({ value }: { value: string }) {
  return (
    <Typography.Text className="affix-mono" copyable={{ text: value }} title={value} data-testid="fingerprint" data-value={value}>
      {`${value.slice(0, 16)}…`}
    </Typography.Text>
  );
}
