import {
  AuditOutlined,
  ContainerOutlined,
  SafetyCertificateOutlined,
  DashboardOutlined,
  FieldTimeOutlined,
  EyeOutlined,
  FileProtectOutlined,
  IdcardOutlined,
  NodeIndexOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import { App as AntApp, ConfigProvider, Flex, Layout, Menu, Segmented, Spin, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useEffect, useMemo, useState, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../shared/contract/workspace';
import { type AffixCallError, asCallError } from './api';
import { ErrorAlert } from './components/ErrorAlert';
import { SealLogo } from './components/SealLogo';
import { LanguageProvider, useLanguage } from './language';
import { type Route, useRoute } from './routes';
import { theme } from './theme';
import { useReducedMotion } from './use-reduced-motion';

const PAGES: Record<Route, LazyExoticComponent<ComponentType>> = {
  status: lazy(() => import('./pages/StatusPage')),
  documents: lazy(() => import('./pages/DocumentsPage')),
  envelopes: lazy(() => import('./pages/EnvelopesPage')),
  certificates: lazy(() => import('./pages/CertificatesPage')),
  verify: lazy(() => import('./pages/verify/VerifyPage')),
  ledger: lazy(() => import('./pages/ledger/LedgerPage')),
  witness: lazy(() => import('./pages/witness/WitnessPage')),
  identities: lazy(() => import('./pages/IdentitiesPage')),
  timestamps: lazy(() => import('./pages/TimestampsPage')),
  settings: lazy(() => import('./pages/SettingsPage')),
};

export function Root({ language, bootError }: { language: Language; bootError: AffixCallError | null }) {
  return (
    <LanguageProvider initial={language}>
      <Themed bootError={bootError} />
    </LanguageProvider>
  );
}

function Themed({ bootError }: { bootError: AffixCallError | null }) {
  const { language } = useLanguage();
  const reducedMotion = useReducedMotion();
  // antd's `motion: false` turns off every component's animation at its source (rc-motion), not just the CSS.
  const themed = useMemo(() => (reducedMotion ? { ...theme, token: { ...theme.token, motion: false } } : theme), [reducedMotion]);
  return (
    <ConfigProvider theme={themed} wave={{ disabled: reducedMotion }} locale={language === 'zh-CN' ? zhCN : enUS}>
      <AntApp>
        <Shell bootError={bootError} />
      </AntApp>
    </ConfigProvider>
  );
}

function Shell({ bootError }: { bootError: AffixCallError | null }) {
  const { t } = useTranslation();
  const [route, go] = useRoute();
  const titles: Record<Route, string> = {
    status: t('nav.status'),
    documents: t('nav.documents'),
    envelopes: t('nav.envelopes'),
    certificates: t('nav.certificates'),
    verify: t('nav.verify'),
    ledger: t('nav.ledger'),
    witness: t('nav.witness'),
    identities: t('nav.identities'),
    timestamps: t('nav.timestamps'),
    settings: t('nav.settings'),
  };
  useEffect(() => {
    document.title = `${titles[route]} · Affix`;
  });
  const Page = PAGES[route];

  const item = (key: Route, icon: ReactNode) => ({ key, icon, label: titles[key], 'data-testid': `nav-${key}` });
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={236} breakpoint="lg" collapsedWidth={64} style={{ borderInlineEnd: '1px solid #ecebe9' }}>
        <Flex align="center" gap={10} style={{ padding: '18px 18px 14px' }}>
          <SealLogo />
          <div style={{ lineHeight: 1.25, overflow: 'hidden' }}>
            <Typography.Text strong style={{ fontSize: 18, letterSpacing: 0.3 }}>
              Affix
            </Typography.Text>
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} ellipsis>
              {t('app.tagline')}
            </Typography.Text>
          </div>
        </Flex>
        <nav aria-label={t('nav.label')}>
          <Menu
            mode="inline"
            selectedKeys={[route]}
            onClick={({ key }) => go(key as Route)}
            style={{ borderInlineEnd: 'none', paddingInline: 8 }}
            items={[
              item('status', <DashboardOutlined />),
              item('documents', <FileProtectOutlined />),
              item('envelopes', <ContainerOutlined />),
              item('verify', <AuditOutlined />),
              item('ledger', <NodeIndexOutlined />),
              item('witness', <EyeOutlined />),
              item('identities', <IdcardOutlined />),
              item('certificates', <SafetyCertificateOutlined />),
              item('timestamps', <FieldTimeOutlined />),
              { type: 'divider' },
              item('settings', <SettingOutlined />),
            ]}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'flex-end',
            gap: 12,
            paddingInline: 24,
            borderBottom: '1px solid #ecebe9',
            height: 56,
          }}
        >
          <LanguageSwitch />
        </Layout.Header>
        <Layout.Content style={{ padding: 24, maxWidth: 1200, width: '100%' }}>
          <main data-testid={`page-${route}`}>
            {bootError && (
              <div style={{ marginBottom: 16 }}>
                <ErrorAlert error={bootError} />
              </div>
            )}
            <Suspense fallback={<Spin style={{ display: 'block', marginTop: 64 }} />}>
              <Page />
            </Suspense>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

function LanguageSwitch() {
  const { t } = useTranslation();
  const { language, setLanguage } = useLanguage();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const choose = async (next: Language) => {
    setBusy(true);
    try {
      await setLanguage(next);
    } catch (error) {
      const e = asCallError(error);
      void message.error(`${t('errors.languageNotSaved')} ${e.code}: ${e.message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Segmented<Language>
      aria-label={t('app.language')}
      data-testid="language-switch"
      disabled={busy}
      value={language}
      options={[
        { value: 'zh-CN', label: '中文' },
        { value: 'en', label: 'English' },
      ]}
      onChange={(next) => void choose(next)}
    />
  );
}
