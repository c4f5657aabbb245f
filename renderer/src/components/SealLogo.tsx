import { SEAL_RED } from '../theme';

/** A round seal with a five-pointed star: the mark of a company e-seal. */
export function SealLogo({ size = 36 }: { size?: number }) {
  const star = Array.from({ length: 10 }, (_, i) => {
    const r = i % 2 === 0 ? 9 : 3.6;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    return `${(20 + r * Math.cos(a)).toFixed(2)},${(20 + r * Math.sin(a)).toFixed(2)}`;
  }).join(' ');
  return (
    <svg width={size} height={size} viewBox="0 0 40 40" aria-hidden="true" focusable="false">
      <circle cx="20" cy="20" r="17.5" fill="none" stroke={SEAL_RED} strokeWidth="3" />
      <circle cx="20" cy="20" r="13.5" fill="none" stroke={SEAL_RED} strokeWidth="0.8" />
      <polygon points={star} fill={SEAL_RED} />
    </svg>
  );
}
