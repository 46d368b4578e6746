// `invitectl report`: reads every org once and writes an access review (CSV, JSON, markdown or HTML).
import { writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { parseTimeLimits, TIME_FLAGS, timeFlagsHelp } from '../deadline.ts';
import { InvitectlError, UsageError } from '../errors.ts';
import type { Command } from '../io.ts';
import { planFromApis } from '../reconcile.ts';
import { renderReportCsv } from '../report/csv.ts';
import { renderReportHtml } from '../report/html.ts';
import { renderReportJson } from '../report/json.ts';
import { renderReportMarkdown } from '../report/markdown.ts';
import { prepareReview } from '../report/prepare.ts';
import { buildAccessReview, type AccessReview } from '../report/rows.ts';
import { excerpt } from '../sanitize.ts';
import { parseVerbArgs } from './args.ts';

const FORMATS = ['csv', 'json', 'markdown', 'html'] as const;
type Format = (typeof FORMATS)[number];

/** The format an `--output` file's extension implies, when `--format` is not given. */
const BY_EXTENSION: Readonly<Record<string, Format>> = { '.csv': 'csv', '.json': 'json', '.md': 'markdown', '.markdown': 'markdown', '.html': 'html', '.htm': 'html' };

/** `invitectl report`: an access review of every person × org, with totals. */
export const reportCommand: Command = {
  name: 'report',
  help: `Usage: invitectl report [-c FILE] [--org NAME]... [--format csv|json|markdown|html]
                        [--output FILE] [--redact-emails]

Reads every org once (read-only) and writes an access review: every person × org with a
state, and totals per state and org, to attach to a periodic access review.

States: member (listed and a member; with the role), pending (listed, invite pending),
expired (only an expired invite), wanted (listed, not yet invited), not-wanted (a member
or pending invite the config does not list, or whose until: has passed).

Options:
  -c, --config FILE     config file, or a directory of them (default: invites.yaml)
  --org NAME            only this org (repeatable)
  --format FORMAT       markdown (default), csv (one row per person × org, a header row),
                        json (report_version 1) or html (one self-contained page)
  --output FILE         write to FILE instead of stdout; its extension picks the format
                        when --format is absent (.csv, .json, .md, .html)
  --redact-emails       show emails as a***@acme.com#1a2b3c in every format
${timeFlagsHelp(24)}
  -h, --help            show this help
`,
  async run(argv, io) {
    const { values } = parseVerbArgs('report', argv, {
      config: { type: 'string', short: 'c', default: 'invites.yaml' },
      ...TIME_FLAGS,
      org: { type: 'string', multiple: true, default: [] },
      format: { type: 'string' },
      output: { type: 'string' },
      'redact-emails': { type: 'boolean', default: false },
    });
    if (values.help) {
      io.stdout.write(this.help);
      return 0;
    }
    const format = parseFormat(values.format, values.output);
    const run = await planFromApis(io, { configFile: values.config, orgNames: values.org, readOnly: true, limits: parseTimeLimits('report', values) });
    const redactEmails = values['redact-emails'];
    const review = prepareReview(buildAccessReview({ orgs: run.orgs }, run.current, run.now), { redactEmails });
    const text = renderReport(format, review, redactEmails);
    if (values.output === undefined) {
      io.stdout.write(text);
      return 0;
    }
    const output = values.output;
    await writeFile(resolve(io.cwd, output), text).catch((error: NodeJS.ErrnoException) => {
      throw new InvitectlError(`${excerpt(output)}: cannot write the report (${error.code ?? error.message})`);
    });
    io.stderr.write(`wrote the access review (${format}, ${review.totals.rows} person × org ${review.totals.rows === 1 ? 'entry' : 'entries'}) to ${excerpt(output)}\n`);
    return 0;
  },
};

/** The review in one format; pure. */
export function renderReport(format: Format, review: AccessReview, redactEmails: boolean): string {
  switch (format) {
    case 'csv':
      return renderReportCsv(review);
    case 'json':
      return renderReportJson(review, redactEmails);
    case 'markdown':
      return renderReportMarkdown(review, redactEmails);
    case 'html':
      return renderReportHtml(review, redactEmails);
  }
}

function parseFormat(value: string | undefined, output: string | undefined): Format {
  if (value === undefined) return (output !== undefined ? BY_EXTENSION[extname(output).toLowerCase()] : undefined) ?? 'markdown';
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new UsageError(`invitectl report: --format must be one of ${FORMATS.join(', ')}, not ${excerpt(value)}`);
}
