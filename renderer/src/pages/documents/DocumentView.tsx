/**
 * One document, opened from the list: its newest version rendered by pdf.js,
 * its signing order (written here, boxes placed on the preview, then signed
 * step by step in order) and its history from the ledger. After each
 * signature the preview, the order and the history are read again, so what
 * is shown is the new version.
 */
import { ExportOutlined, SafetyCertificateOutlined, SignatureOutlined } from '@ant-design/icons';
import { Alert, App, Button, Drawer, Flex, Skeleton, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageBox, PlanStep } from '../../../../shared/contract/plans';
import type { AppearanceSpec } from '../../../../shared/contract/signing';
import { affix, asCallError, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { usePdf } from '../../pdf/use-pdf';
import { useAction } from '../../use-action';
import { useCall } from '../../use-call';
import { DocumentTags } from './DocumentTags';
import { DocumentTimeline } from './DocumentTimeline';
import { ExportDialog } from './ExportDialog';
import { LtvDialog } from './LtvDialog';
import { centreOfPage, centredOn, roundRect } from './placement/geometry';
import { PlacementEditor } from './placement/PlacementEditor';
import type { PlacedBox } from './placement/PlacementBox';
import './placement/placement.css';
import { type Draft, defaultBoxSize, draftFromPlan, stepColour, toPlannedSteps } from './plan/draft';
import { PlanEditor } from './plan/PlanEditor';
import { ChangeSignerDialog } from './plan/ChangeSignerDialog';
import { PlanProgress } from './plan/PlanProgress';
import { SignStepDialog } from './plan/SignStepDialog';
import { SignDialog } from './SignDialog';
import { useSealImages } from './use-seal-image';
import { useSigners } from './use-signers';

const EMPTY_DRAFT: Draft = { steps: [], certify: 0 };

export function DocumentView({ documentId, onClose, onChanged }: { documentId: string; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const id = documentId;
  const doc = useCall(() => affix().documents.get({ id }), [id]);
  // Everything read from the newest version is read again when a signature makes a new one.
  const version = doc.status === 'ok' ? doc.value.currentSha256 : '';
  const content = useCall(() => affix().documents.content({ id }), [id, version]);
  const pages = useCall(() => affix().documents.pages({ id }), [id, version]);
  const plan = useCall(() => affix().plans.get({ documentId: id }), [id, version]);
  const timeline = useCall(() => affix().documents.timeline({ id }), [id, version]);
  const pdf = usePdf(content.status === 'ok' ? content.value.base64 : undefined);
  const signers = useSigners();
  const sealImages = useSealImages(signers.seals);

  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string | undefined>();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [showProblems, setShowProblems] = useState(false);
  const [signing, setSigning] = useState<PlanStep | null>(null);
  const [changingSigner, setChangingSigner] = useState<PlanStep | null>(null);
  const [dialog, setDialog] = useState<'sign' | 'export' | 'ltv' | null>(null);

  const savedPlan = plan.status === 'ok' ? plan.value : undefined;
  const started = savedPlan?.steps.some((s) => s.status.state === 'signed') ?? false;
  // With no order yet, the editor is open on an empty draft; a saved one is shown until "Edit" is chosen.
  // Once a step is signed (even elsewhere, while a draft was open) the order is locked and no draft is offered.
  const editing: Draft | null = started ? null : (draft ?? (savedPlan === null ? EMPTY_DRAFT : null));
  const geometry = pages.status === 'ok' ? pages.value : [];

  const refresh = () => {
    setDraft(null);
    doc.reload();
    plan.reload();
    timeline.reload();
    onChanged();
  };

  const save = useAction(
    (d: Draft) => {
      const checked = toPlannedSteps(d);
      if (!checked.ok) {
        setShowProblems(true);
        return Promise.resolve(null);
      }
      return unwrap(affix().plans.set({ documentId: id, steps: checked.steps, ...(checked.certify ? { certify: checked.certify } : {}) })).catch(
        (error: unknown) => {
          // Refused, perhaps because a step was signed elsewhere meanwhile: show the order as it is now.
          plan.reload();
          throw error;
        },
      );
    },
    (saved) => {
      if (!saved) return;
      void message.success(t('documents.plan.saved', { n: saved.steps.length }));
      setDraft(null);
      setShowProblems(false);
      refresh();
    },
  );

  const editStep = (key: string, change: (box: PageBox | undefined) => PageBox | undefined) =>
    setDraft((d) => {
      const base = d ?? EMPTY_DRAFT;
      return { ...base, steps: base.steps.map((s) => (s.key === key ? { ...s, box: change(s.box) } : s)) };
    });

  const newBox = (appearance: AppearanceSpec): PageBox | undefined => {
    const frame = geometry[page - 1];
    return frame && { page, rect: roundRect(centreOfPage(frame, defaultBoxSize(appearance))) };
  };

  const snap = async (text: string) => {
    const step = editing?.steps.find((s) => s.key === selected);
    if (!step) return;
    try {
      const hit = await unwrap(affix().documents.findText({ id, text }));
      if (!hit || !geometry[hit.page - 1]) {
        void message.warning(t('documents.placement.notFound', { text }));
        return;
      }
      const [w, h] = step.box ? [step.box.rect[2], step.box.rect[3]] : defaultBoxSize(step.appearance);
      editStep(step.key, () => ({ page: hit.page, rect: roundRect(centredOn(hit.box, w, h, geometry[hit.page - 1])) }));
      setPage(hit.page);
    } catch (error) {
      const e = asCallError(error);
      void message.error(`${e.code}: ${e.message}`);
    }
  };

  const describe = (step: PlanStep) => signers.describe(step.signer);
  const faceOf = (kind: AppearanceSpec['kind'], sealId: string | undefined): PlacedBox['face'] =>
    kind === 'seal' && sealId
      ? { kind: 'seal', src: sealImages[sealId] ?? null }
      : kind === 'person'
        ? { kind: 'person', text: t('documents.sign.appearancePerson') }
        : undefined;
  const boxes: PlacedBox[] = editing
    ? editing.steps.flatMap((s, i) =>
        s.box
          ? [
              {
                key: s.key,
                step: i + 1,
                label: s.label,
                colour: stepColour(i),
                box: s.box,
                editable: true,
                signed: false,
                face: faceOf(s.appearance.kind, signers.sealOf(s.signerId)?.sealId),
              },
            ]
          : [],
      )
    : (savedPlan?.steps ?? []).flatMap((s, i) =>
        s.box
          ? [
              {
                key: `plan-${s.step}`,
                step: s.step,
                label: s.label,
                colour: stepColour(i),
                box: s.box,
                editable: false,
                signed: s.status.state === 'signed',
                face: faceOf(s.appearance.kind, s.signer.kind === 'seal' ? s.signer.sealId : undefined),
              },
            ]
          : [],
      );
  const select = (key: string) => {
    setSelected(key);
    const box = boxes.find((b) => b.key === key)?.box;
    if (box) setPage(box.page);
  };

  const summary = doc.status === 'ok' ? doc.value : null;
  const stepLabels = Object.fromEntries((savedPlan?.steps ?? []).map((s) => [String(s.step), s.label]));
  const orderPane = () => {
    if (plan.status === 'loading') return <Skeleton active />;
    if (plan.status === 'error') return <ErrorAlert error={plan.error} />;
    if (editing) {
      return (
        <PlanEditor
          draft={editing}
          onDraft={setDraft}
          signers={signers}
          selected={selected}
          onSelect={select}
          newBox={newBox}
          onSave={() => void save.submit(editing)}
          onCancel={savedPlan ? () => setDraft(null) : undefined}
          saving={save.running}
          saveError={save.error}
          showProblems={showProblems}
        />
      );
    }
    return (
      savedPlan && (
        <>
          {/* A draft the lock overtook: say why it was not saved. */}
          {draft && save.error && <ErrorAlert error={save.error} title={t('documents.plan.saveFailed')} style={{ marginBottom: 12 }} />}
          <PlanProgress
            plan={savedPlan}
            describe={describe}
            selected={selected?.startsWith('plan-') ? Number(selected.slice(5)) : undefined}
            onSelect={(s) => select(`plan-${s.step}`)}
            onSign={setSigning}
            onEdit={() => setDraft(draftFromPlan(savedPlan))}
            onChangeSigner={setChangingSigner}
          />
        </>
      )
    );
  };

  return (
    <Drawer
      open
      onClose={onClose}
      size="min(1240px, calc(100vw - 32px))"
      destroyOnHidden
      data-testid="document-view"
      title={
        <Flex vertical gap={4}>
          <Typography.Text strong ellipsis>
            {summary?.name ?? '…'}
          </Typography.Text>
          {summary && <DocumentTags doc={summary} />}
        </Flex>
      }
      extra={
        summary && (
          <Space>
            {savedPlan === null && (
              <Button icon={<SignatureOutlined />} onClick={() => setDialog('sign')} data-testid="document-view-sign-now">
                {t('documents.view.signNow')}
              </Button>
            )}
            <Button icon={<SafetyCertificateOutlined />} onClick={() => setDialog('ltv')} data-testid="document-view-ltv">
              {t('documents.ltv.open')}
            </Button>
            <Button icon={<ExportOutlined />} onClick={() => setDialog('export')} data-testid="document-view-export">
              {t('documents.export.open')}
            </Button>
          </Space>
        )
      }
    >
      {doc.status === 'error' && <ErrorAlert error={doc.error} />}
      <Flex gap={20} wrap align="flex-start">
        <div style={{ flex: '1 1 520px', minWidth: 0 }}>
          {content.status === 'error' ? (
            <ErrorAlert error={content.error} title={t('documents.view.previewFailed')} />
          ) : pages.status === 'error' ? (
            <ErrorAlert error={pages.error} title={t('documents.view.previewFailed')} />
          ) : pdf.status === 'error' ? (
            <Alert type="error" showIcon title={t('documents.view.previewFailed')} description={pdf.message} />
          ) : pdf.status === 'loading' || pages.status === 'loading' ? (
            <Skeleton.Node active style={{ width: '100%', height: 480 }} />
          ) : (
            <PlacementEditor
              pdf={pdf.pdf}
              pages={geometry}
              page={Math.min(page, Math.max(1, geometry.length))}
              onPage={setPage}
              boxes={boxes}
              selected={selected}
              onSelect={select}
              onChange={(key, box) => editStep(key, () => box)}
              onRemove={(key) => editStep(key, () => undefined)}
              onSnap={editing ? snap : undefined}
              snapStep={editing ? editing.steps.findIndex((s) => s.key === selected) + 1 || undefined : undefined}
              docName={summary?.name ?? ''}
              version={content.status === 'ok' ? content.value.sha256 : ''}
            />
          )}
        </div>
        <div style={{ flex: '0 1 400px', minWidth: 300 }}>
          <Tabs
            items={[
              { key: 'order', label: t('documents.view.order'), children: orderPane() },
              {
                key: 'history',
                label: t('documents.view.history'),
                children:
                  timeline.status === 'ok' ? (
                    <DocumentTimeline events={timeline.value} stepLabels={stepLabels} />
                  ) : timeline.status === 'error' ? (
                    <ErrorAlert error={timeline.error} />
                  ) : (
                    <Skeleton active />
                  ),
              },
            ]}
          />
        </div>
      </Flex>
      {signing && savedPlan && (
        <SignStepDialog
          documentId={id}
          step={signing}
          signer={describe(signing)}
          certify={savedPlan.certify}
          onClose={() => setSigning(null)}
          onSigned={refresh}
        />
      )}
      {changingSigner && (
        <ChangeSignerDialog
          documentId={id}
          step={changingSigner}
          current={describe(changingSigner)}
          signers={signers}
          onClose={() => setChangingSigner(null)}
          onChanged={() => plan.reload()}
        />
      )}
      {dialog === 'sign' && summary && <SignDialog doc={summary} onClose={() => setDialog(null)} onSigned={refresh} />}
      {dialog === 'export' && summary && <ExportDialog doc={summary} onClose={() => setDialog(null)} />}
      {dialog === 'ltv' && summary && <LtvDialog doc={summary} onClose={() => setDialog(null)} onDone={refresh} />}
    </Drawer>
  );
}
