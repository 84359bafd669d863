import { RepoFileSet } from '../RepoFileSet';
import { dirnameOf, joinRepoPath } from '../parsing/paths';
import { asMap, asString, isMap, parseYamlDocuments } from '../parsing/yaml';
import { code, DetectorResult, Findings, listForHumans } from './types';

interface MarkdownSection {
  heading: string;
  body: string;
}

interface Markdown {
  frontMatter: Record<string, unknown>;
  sections: MarkdownSection[];
  words: number;
}

const PLACEHOLDER =
  /\[?more information needed\]?|\bTODO\b|\bTBD\b|lorem ipsum|^\s*(n\/a|none|-)\s*$|fill (this|me) in|to be (written|completed|added)|coming soon/i;

function wordsOf(text: string): number {
  return text.split(/\s+/).filter(word => /[a-zA-Z]{2,}/.test(word)).length;
}

/** Prose of a markdown document: code blocks, HTML, images, badges and link-only lines removed. */
function parseMarkdown(text: string): Markdown {
  let body = text.replace(/\r\n/g, '\n');
  let frontMatter: Record<string, unknown> = {};
  const front = body.match(/^---\n([\s\S]*?)\n---\n/);
  if (front) {
    frontMatter = asMap(parseYamlDocuments(front[1])[0]);
    body = body.slice(front[0].length);
  }
  const prose = body
    .replace(/```[\s\S]*?```|~~~[\s\S]*?~~~/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
  const sections: MarkdownSection[] = [];
  let current: MarkdownSection = { heading: '', body: '' };
  const lines = prose.split('\n');
  lines.forEach((line, index) => {
    const atx = line.match(/^#{1,6}\s+(.+?)\s*#*\s*$/);
    const setext =
      index + 1 < lines.length &&
      /^(=+|-+|~+|\^+|\*+)\s*$/.test(lines[index + 1]) &&
      line.trim() &&
      !/^\s*[-*]/.test(line);
    if (atx || setext) {
      sections.push(current);
      current = { heading: (atx ? atx[1] : line).trim(), body: '' };
    } else if (!/^(=+|-+|~+|\^+|\*+)\s*$/.test(line)) {
      current.body += `${line}\n`;
    }
  });
  sections.push(current);
  const meaningful = sections.filter(s => s.heading || s.body.trim());
  return {
    frontMatter,
    sections: meaningful,
    words: meaningful.reduce(
      (sum, s) =>
        sum +
        wordsOf(s.heading) +
        wordsOf(
          s.body
            .split('\n')
            .filter(l => !PLACEHOLDER.test(l))
            .join(' '),
        ),
      0,
    ),
  };
}

function substantial(doc: Markdown): boolean {
  const headings = doc.sections.filter(s => s.heading).length;
  return (
    doc.words >= 150 && (headings >= 3 || (doc.words >= 400 && headings >= 1))
  );
}

function readmes(files: RepoFileSet, findings: Findings) {
  const candidates = files
    .named(/^readme(\.md|\.markdown|\.rst|\.txt)?$/i)
    .filter(
      file =>
        !/(^|\/)(node_modules|\.github|docs?|tests?|data|examples?)\//i.test(
          file.path,
        ),
    );
  const shallowest = candidates.reduce<number>(
    (min, file) => Math.min(min, file.path.split('/').length),
    Infinity,
  );
  for (const file of candidates) {
    const doc = parseMarkdown(file.text);
    const headings = doc.sections.filter(s => s.heading).length;
    if (substantial(doc)) {
      findings.signal(
        'documentation',
        'readme',
        file.path,
        `${file.path} documents the service (${headings} sections, ${doc.words} words)`,
        {
          sections: doc.sections
            .map(s => s.heading)
            .filter(Boolean)
            .slice(0, 20),
          words: doc.words,
        },
      );
    } else if (file.path.split('/').length === shallowest) {
      findings.reject(
        'documentation',
        'readme',
        file.path,
        `${file.path} is a stub (${headings} section${
          headings === 1 ? '' : 's'
        }, ${doc.words} words of prose)`,
      );
    }
  }
}

function docSites(files: RepoFileSet, findings: Findings) {
  for (const file of files.named(/^mkdocs\.ya?ml$/)) {
    const config = asMap(
      parseYamlDocuments(file.text.replace(/!!python\/\S+/g, ''))[0],
    );
    const docsDir =
      joinRepoPath(dirnameOf(file.path), asString(config.docs_dir) ?? 'docs') ??
      'docs';
    const pages = files.under(docsDir).filter(page => /\.md$/.test(page.path));
    const words = pages.reduce(
      (sum, page) => sum + parseMarkdown(page.text).words,
      0,
    );
    if (pages.length === 0 || words < 150) {
      findings.reject(
        'documentation',
        'mkdocs',
        file.path,
        `${file.path} configures a docs site but ${docsDir}/ has ${
          pages.length ? `only ${words} words` : 'no pages'
        }`,
      );
      continue;
    }
    findings.signal(
      'documentation',
      'mkdocs',
      file.path,
      `MkDocs/TechDocs site ${code(
        asString(config.site_name) ?? docsDir,
      )} with ${pages.length} page${
        pages.length === 1 ? '' : 's'
      } in ${docsDir}/`,
      {
        pages: pages.length,
        words,
        siteName: asString(config.site_name) ?? null,
      },
    );
  }
  for (const file of files.matching(/(^|\/)docs?\/(source\/)?conf\.py$/)) {
    const dir = dirnameOf(file.path);
    const pages = files
      .under(dir)
      .filter(page => /\.(rst|md)$/.test(page.path));
    if (pages.length) {
      findings.signal(
        'documentation',
        'sphinx',
        file.path,
        `Sphinx documentation in ${dir}/ with ${pages.length} page${
          pages.length === 1 ? '' : 's'
        }`,
        {
          pages: pages.length,
        },
      );
    }
  }
}

const CARD_SECTIONS: Array<{
  id: string;
  label: string;
  pattern: RegExp;
  required: boolean;
}> = [
  {
    id: 'intended-use',
    label: 'intended use',
    pattern:
      /intended|\buses?\b|use cases?|out[- ]of[- ]scope|direct use|purpose/i,
    required: true,
  },
  {
    id: 'evaluation',
    label: 'evaluation / metrics',
    pattern: /evaluat|metric|performance|results|quantitative|accuracy/i,
    required: true,
  },
  {
    id: 'limitations',
    label: 'limitations',
    pattern: /limitation|bias|risk|caveat|ethic|fairness|failure/i,
    required: true,
  },
  {
    id: 'training-data',
    label: 'training data',
    pattern: /training|data(set)?s?\b/i,
    required: false,
  },
  {
    id: 'details',
    label: 'model details',
    pattern:
      /model details|overview|description|architecture|summary|model type/i,
    required: false,
  },
];

function cardSections(doc: Markdown): { present: string[]; stub: string[] } {
  const present: string[] = [];
  const stub: string[] = [];
  for (const section of CARD_SECTIONS) {
    const matching = doc.sections.filter(s => section.pattern.test(s.heading));
    if (matching.length === 0) {
      continue;
    }
    const prose = matching
      .map(s => s.body)
      .join('\n')
      .split('\n')
      .filter(line => !PLACEHOLDER.test(line))
      .join(' ');
    (wordsOf(prose) >= 8 ? present : stub).push(section.id);
  }
  return { present, stub };
}

function modelCards(files: RepoFileSet, findings: Findings) {
  const named = files.named(/^(model[_-]?card|modelcard)([._-][\w-]+)?\.md$/i);
  const huggingFace = files.named(/^readme\.md$/i).filter(file => {
    const front = parseMarkdown(file.text).frontMatter;
    return (
      isMap(front) &&
      (front['model-index'] !== undefined ||
        front.pipeline_tag !== undefined ||
        front.library_name !== undefined)
    );
  });
  for (const file of [...named, ...huggingFace]) {
    const doc = parseMarkdown(file.text);
    const { present, stub } = cardSections(doc);
    const missing = CARD_SECTIONS.filter(
      s => s.required && !present.includes(s.id),
    ).map(s => s.label);
    const hfStyle = huggingFace.includes(file);
    if (missing.length === 0) {
      findings.signal(
        'model-card',
        hfStyle ? 'huggingface' : 'markdown',
        file.path,
        `Model card ${file.path} covers ${listForHumans(
          present.map(id => CARD_SECTIONS.find(s => s.id === id)!.label),
        )}`,
        {
          sections: present,
          words: doc.words,
          modelIndex: doc.frontMatter['model-index'] !== undefined,
        },
      );
    } else {
      const stubbed = stub.length
        ? `; ${listForHumans(
            stub.map(id => CARD_SECTIONS.find(s => s.id === id)!.label),
          )} only placeholder text`
        : '';
      findings.reject(
        'model-card',
        hfStyle ? 'huggingface' : 'markdown',
        file.path,
        `Model card ${file.path} is a stub: missing ${listForHumans(
          missing,
        )}${stubbed}`,
      );
    }
  }
  for (const file of files.named(/^model[_-]?card\.json$/i)) {
    const doc = asMap(files.json(file.path));
    const hasDetails = isMap(doc.model_details);
    const hasMetrics =
      isMap(doc.quantitative_analysis) &&
      Object.keys(asMap(doc.quantitative_analysis)).length > 0;
    const hasConsiderations =
      isMap(doc.considerations) &&
      Object.keys(asMap(doc.considerations)).length > 0;
    if (hasDetails && hasMetrics && hasConsiderations) {
      findings.signal(
        'model-card',
        'model-card-toolkit',
        file.path,
        `Model Card Toolkit card ${file.path} with details, quantitative analysis and considerations`,
        {
          sections: ['details', 'evaluation', 'limitations'],
        },
      );
    } else if (hasDetails) {
      findings.reject(
        'model-card',
        'model-card-toolkit',
        file.path,
        `Model card ${file.path} lacks ${
          !hasMetrics
            ? 'quantitative analysis'
            : 'considerations (use cases, limitations)'
        }`,
      );
    }
  }
}

/** Documentation and model cards with substance; stubs are rejected. */
export function detectDocs(files: RepoFileSet): DetectorResult {
  const findings = new Findings();
  readmes(files, findings);
  docSites(files, findings);
  modelCards(files, findings);
  return findings.result();
}
