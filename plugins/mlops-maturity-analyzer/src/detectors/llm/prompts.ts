import { RepoFileSet, TextFile } from '../../RepoFileSet';
import { stripCLikeComments } from '../../parsing/blocks';
import { basenameOf, dirnameOf, extensionOf } from '../../parsing/paths';
import { PythonSource } from '../../parsing/python';
import { asArray, asMap, asString, isMap } from '../../parsing/yaml';
import {
  isServiceCodePath,
  runtimeCode,
  servicePythonCode,
} from '../serviceCode';
import { code, Findings, listForHumans } from '../types';
import { evaluatorPrompts, promptyFrontMatter } from './evaluations';

/** Code of the service that runs (Python in the runtime closure, other languages by path). */
function runningSources(files: RepoFileSet): TextFile[] {
  const runtime = runtimeCode(files);
  return files.files.filter(
    file =>
      ['py', 'cs', 'ts', 'tsx', 'js', 'mjs', 'java', 'go'].includes(
        extensionOf(file.path),
      ) && runtime.runs(file.path),
  );
}

/** The part of a source file that does something (comments and docstrings removed). */
function codeOf(files: RepoFileSet, file: TextFile): string {
  return extensionOf(file.path) === 'py'
    ? files.python(file.path)?.code ?? ''
    : stripCLikeComments(file.text);
}

/**
 * Prompty files: a prompt with its model settings in one versioned file. It counts when
 * the running service loads it (`prompty.execute("chat.prompty")`, `Prompty.load`,
 * Semantic Kernel's `CreateFunctionFromPromptyFile`), or a prompt flow uses it. Evaluator
 * prompts grade the service's answers; they are not its prompts.
 */
function promptyFiles(
  files: RepoFileSet,
  running: Array<{ path: string; code: string }>,
  findings: Findings,
) {
  const flows = files
    .named(/^flow\.dag\.ya?ml$/)
    .filter(f => isServiceCodePath(f.path));
  const evaluators = evaluatorPrompts(files);
  for (const file of files.withExtension('prompty')) {
    if (!isServiceCodePath(file.path) || evaluators.has(file.path)) {
      continue;
    }
    const front = promptyFrontMatter(file.text);
    if (!front) {
      continue;
    }
    const name = basenameOf(file.path);
    const loaders = [
      ...running,
      ...flows.map(f => ({ path: f.path, code: f.text })),
    ]
      .filter(source => source.code.includes(name))
      .map(source => source.path);
    const model = asMap(front.model);
    const deployment =
      asString(getConfiguration(model, 'azure_deployment')) ??
      asString(getConfiguration(model, 'model')) ??
      null;
    if (loaders.length === 0) {
      findings.reject(
        'prompt-template',
        'prompty',
        file.path,
        `${file.path} is a Prompty prompt, but nothing in the running service loads it`,
      );
      continue;
    }
    findings.signal(
      'prompt-template',
      'prompty',
      file.path,
      `Prompty prompt ${file.path}${
        deployment ? ` (model ${code(deployment)})` : ''
      }, loaded by ${listForHumans(loaders)}`,
      {
        loadedBy: loaders,
        model: deployment,
      },
    );
  }
}

function getConfiguration(
  model: Record<string, unknown>,
  key: string,
): unknown {
  return asMap(model.configuration)[key] ?? model[key];
}

/**
 * Prompt flows whose LLM nodes take their prompt from a template file of the flow
 * (`type: llm`, `source: {type: code, path: classify.jinja2}`). Evaluation flows (with an
 * aggregation node) grade the application; their prompts are not the service's.
 */
function promptFlows(files: RepoFileSet, findings: Findings) {
  for (const file of files.named(/^flow\.dag\.ya?ml$/)) {
    if (!isServiceCodePath(file.path)) {
      continue;
    }
    const doc = files.yamlMaps(file.path)[0];
    const nodes = asArray(doc?.nodes).filter(isMap);
    if (nodes.some(node => node.aggregation === true)) {
      continue;
    }
    const variants = Object.values(asMap(doc?.node_variants)).flatMap(v =>
      Object.values(asMap(asMap(v).variants)).map(variant =>
        asMap(asMap(variant).node),
      ),
    );
    const templates = [...nodes, ...variants]
      .filter(node => /^(llm|prompt)$/.test(asString(node.type) ?? ''))
      .map(node => asString(asMap(node.source).path))
      .filter((path): path is string => path !== undefined)
      .map(path => files.resolve(dirnameOf(file.path), path))
      .filter((path): path is string => path !== undefined);
    if (templates.length === 0) {
      continue;
    }
    findings.signal(
      'prompt-template',
      'promptflow',
      file.path,
      `prompt flow ${file.path} takes its prompts from ${listForHumans(
        [...new Set(templates)].map(p => code(basenameOf(p))),
      )}`,
      { templates: [...new Set(templates)] },
    );
  }
}

/** Prompt registries the running code pulls prompts from by name (and version or label). */
const PROMPT_REGISTRIES: Array<{
  tool: string;
  label: string;
  modules: string[];
  pattern: RegExp;
}> = [
  {
    tool: 'langsmith',
    label: 'the LangSmith prompt hub',
    modules: ['langsmith', 'langchain', 'langchainhub'],
    pattern:
      /\.pull_prompt\s*\(|\blangchain\.hub\.pull\s*\(|\blangchainhub\.\w+\.pull\s*\(/,
  },
  {
    tool: 'langfuse',
    label: 'Langfuse prompt management',
    modules: ['langfuse'],
    pattern: /\.get_prompt\s*\(/,
  },
  {
    tool: 'mlflow',
    label: 'the MLflow prompt registry',
    modules: ['mlflow'],
    pattern: /\bmlflow\.(genai\.)?load_prompt\s*\(/,
  },
  {
    tool: 'promptlayer',
    label: 'PromptLayer',
    modules: ['promptlayer'],
    pattern: /\.templates\.get\s*\(/,
  },
];

const TS_PROMPT_REGISTRIES: Array<{
  tool: string;
  label: string;
  requires: RegExp;
  pattern: RegExp;
}> = [
  {
    tool: 'langfuse',
    label: 'Langfuse prompt management',
    requires: /['"](langfuse|@langfuse\/[\w-]+)['"]/,
    pattern: /\.getPrompt\s*\(/,
  },
  {
    tool: 'langsmith',
    label: 'the LangSmith prompt hub',
    requires: /['"]langchain\/hub['"]/,
    pattern: /\bpull\s*(<[^>]*>)?\s*\(/,
  },
];

function promptRegistries(
  files: RepoFileSet,
  running: TextFile[],
  findings: Findings,
) {
  for (const file of running) {
    const python =
      extensionOf(file.path) === 'py' ? files.python(file.path) : undefined;
    const text = codeOf(files, file);
    const found = python
      ? PROMPT_REGISTRIES.filter(
          r =>
            r.modules.some(m => python.importsModule(m)) &&
            r.pattern.test(text),
        )
      : TS_PROMPT_REGISTRIES.filter(
          r => r.requires.test(text) && r.pattern.test(text),
        );
    for (const registry of found) {
      findings.signal(
        'prompt-template',
        registry.tool,
        file.path,
        `${file.path} loads its prompts from ${registry.label}`,
        { registry: registry.label },
      );
    }
  }
}

/** Placeholders of Jinja, Mustache, Python format strings and Prompty/LangChain templates. */
const TEMPLATE_PLACEHOLDER =
  /\{\{\s*[\w.]+[^}]*\}\}|\{%|(?<!\{)\{[a-z_][a-z0-9_]*\}(?!\})|\$\{?[a-z_][a-z0-9_]*\}?/i;
const TEMPLATE_EXTENSIONS =
  /\.(j2|jinja2?|txt|md|ya?ml|json|tmpl|mustache|hbs|prompt)$/;
const LLM_MODULES = [
  'openai',
  'anthropic',
  'litellm',
  'langchain',
  'langchain_core',
  'langchain_openai',
  'llama_index',
  'google.genai',
  'google.generativeai',
  'vertexai',
  'mistralai',
  'cohere',
  'ollama',
  'semantic_kernel',
  'azure.ai.inference',
  'haystack',
  'dspy',
];

/** A file that holds a prompt: text with placeholders, or structured data with a prompt field. */
function looksLikePrompt(file: TextFile): boolean {
  const ext = extensionOf(file.path);
  if (file.text.trim().length < 40 || !TEMPLATE_PLACEHOLDER.test(file.text)) {
    return false;
  }
  return (
    !/^(ya?ml|json)$/.test(ext) ||
    /["']?\b(\w*prompt\w*|template|system|instructions?|messages)["']?\s*:/i.test(
      file.text,
    )
  );
}

/** Resolves a file name written in code the way template loaders find it: beside the code, at the root, or in a template folder. */
function resolveTemplate(
  files: RepoFileSet,
  fromDir: string,
  reference: string,
): string | undefined {
  const direct = files.resolve(fromDir, reference);
  if (direct) {
    return direct;
  }
  const suffix = `/${reference.replace(/^\.?\//, '')}`;
  const candidates = files.files.filter(f => f.path.endsWith(suffix));
  return candidates.length === 1 ? candidates[0].path : undefined;
}

/**
 * Prompt templates the running code reads at run time (Jinja templates, LangChain
 * `load_prompt` / `PromptTemplate.from_file`, text or YAML prompt files), in a service
 * that calls an LLM.
 */
function templateFiles(files: RepoFileSet, findings: Findings) {
  const runtime = runtimeCode(files);
  const sources = servicePythonCode(files).filter(s => runtime.runs(s.path));
  if (!sources.some(s => LLM_MODULES.some(m => s.importsModule(m)))) {
    return;
  }
  const loaded = new Map<string, Set<string>>();
  for (const source of sources) {
    for (const template of templatesReadBy(files, source)) {
      loaded.set(
        template,
        new Set([...(loaded.get(template) ?? []), source.path]),
      );
    }
  }
  for (const [template, loaders] of loaded) {
    findings.signal(
      'prompt-template',
      'template-file',
      template,
      `prompt template ${template}, read at run time by ${listForHumans([
        ...loaders,
      ])}`,
      { loadedBy: [...loaders] },
    );
  }
}

function templatesReadBy(files: RepoFileSet, source: PythonSource): string[] {
  if (
    !/\b(open|read_text|get_template|load_prompt|from_file|from_template_file|safe_load|load)\s*\(/.test(
      source.code,
    )
  ) {
    return [];
  }
  return [...source.code.matchAll(/["']([^"'\n]+)["']/g)]
    .map(m => m[1])
    .filter(reference => TEMPLATE_EXTENSIONS.test(reference))
    .map(reference => resolveTemplate(files, dirnameOf(source.path), reference))
    .filter(
      (path): path is string =>
        path !== undefined &&
        extensionOf(path) !== 'prompty' &&
        isServiceCodePath(path) &&
        looksLikePrompt(files.get(path)!),
    );
}

/**
 * Semantic Kernel prompt functions kept as `skprompt.txt` + `config.json` folders and
 * loaded as a plugin (`add_plugin(parent_directory=...)`, `CreatePluginFromPromptDirectory`).
 */
function semanticKernelPrompts(
  files: RepoFileSet,
  running: TextFile[],
  findings: Findings,
) {
  const prompts = files
    .named(/^skprompt\.txt$/)
    .filter(f => isServiceCodePath(f.path));
  if (prompts.length === 0) {
    return;
  }
  const loaders = running.filter(file =>
    /\badd_plugin\s*\([^)]*parent_directory\s*=|\bimport_plugin_from_prompt_directory\s*\(|\b(Create|Import)PluginFromPromptDirectory\s*\(/.test(
      codeOf(files, file),
    ),
  );
  if (loaders.length === 0) {
    return;
  }
  findings.signal(
    'prompt-template',
    'semantic-kernel',
    prompts[0].path,
    `${prompts.length} Semantic Kernel prompt function${
      prompts.length === 1 ? '' : 's'
    } (${listForHumans(
      prompts.map(p => p.path),
      3,
    )}), loaded by ${listForHumans(loaders.map(l => l.path))}`,
    {
      templates: prompts.map(p => p.path),
      loadedBy: loaders.map(l => l.path),
    },
  );
}

/**
 * Prompts and model settings kept in versioned files, or in a prompt registry, that the
 * running service loads, rather than only as string literals in code.
 */
export function promptTemplates(files: RepoFileSet, findings: Findings) {
  const running = runningSources(files);
  promptyFiles(
    files,
    running.map(file => ({ path: file.path, code: codeOf(files, file) })),
    findings,
  );
  promptFlows(files, findings);
  promptRegistries(files, running, findings);
  templateFiles(files, findings);
  semanticKernelPrompts(files, running, findings);
}
