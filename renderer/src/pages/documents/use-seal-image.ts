/**
 * A seal's picture as it will be stamped: drawn by the main process from the
 * seal record by the same code that stamps it (seals.preview), kept per seal
 * for the session so every box and dialog shows the same picture at once.
 */
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { SealSchema } from '../../../../shared/contract/seals';
import { affix, unwrap } from '../../api';

type Seal = z.infer<typeof SealSchema>;

const drawn = new Map<string, Promise<string>>();

function sealImage(seal: Seal): Promise<string> {
  let image = drawn.get(seal.sealId);
  if (!image) {
    image = unwrap(affix().seals.preview({ legalName: seal.legalName, uscc: seal.uscc, type: seal.type, name: seal.name, widthPx: 256 })).then(
      (p) => `data:image/png;base64,${p.pngBase64}`,
    );
    // A failed drawing is tried again next time rather than remembered.
    image.catch(() => drawn.delete(seal.sealId));
    drawn.set(seal.sealId, image);
  }
  return image;
}

/** The pictures of these seals by seal id, each present once drawn. */
export function useSealImages(seals: readonly Seal[]): Record<string, string> {
  const [images, setImages] = useState<Record<string, string>>({});
  const key = seals.map((s) => s.sealId).join(',');
  useEffect(() => {
    let stale = false;
    for (const seal of seals) {
      sealImage(seal).then(
        (url) => !stale && setImages((now) => (now[seal.sealId] === url ? now : { ...now, [seal.sealId]: url })),
        () => undefined,
      );
    }
    return () => {
      stale = true;
    };
    // The seals are compared by id: a new array of the same seals draws nothing again.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the seal ids on purpose
  }, [key]);
  return images;
}

/** The seal's picture as a data URL, or null while it is drawn (or when there is no seal). */
export function useSealImage(seal: Seal | undefined): string | null {
  const images = useSealImages(seal ? [seal] : []);
  return seal ? (images[seal.sealId] ?? null) : null;
}
