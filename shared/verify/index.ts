/** The verifier's public surface: one entry point, its report, and the report's text rendering. */
export { verifyPdf, type VerifyOptions } from './verify-pdf';
export { renderReportText, type ReportLanguage } from './render-text';
export * from './report';
