import { RepoFileSet } from '../RepoFileSet';
import { extensionOf } from '../parsing/paths';
import {
  isDocsPath,
  isTestPath,
  servicePythonSources,
} from './python/pythonFiles';
import { Findings, DetectorResult, code } from './types';

/**
 * SDKs, frameworks and gateways an application uses to call large language models, by the
 * package name its manifest lists. Generic ML libraries (transformers, torch) are not here:
 * they train and serve classic models as often as they call LLMs.
 */
const LLM_PACKAGES: Record<string, string> = {
  openai: 'OpenAI SDK',
  anthropic: 'Anthropic SDK',
  'azure-ai-inference': 'Azure AI Inference SDK',
  'azure-ai-projects': 'Azure AI Foundry SDK',
  'azure.ai.openai': 'Azure OpenAI SDK',
  'google-generativeai': 'Google Gemini SDK',
  'google-genai': 'Google Gen AI SDK',
  cohere: 'Cohere SDK',
  mistralai: 'Mistral SDK',
  groq: 'Groq SDK',
  ollama: 'Ollama',
  litellm: 'LiteLLM',
  langchain: 'LangChain',
  'langchain-core': 'LangChain',
  'langchain-openai': 'LangChain',
  'langchain-community': 'LangChain',
  langgraph: 'LangGraph',
  'llama-index': 'LlamaIndex',
  'llama-index-core': 'LlamaIndex',
  'semantic-kernel': 'Semantic Kernel',
  'microsoft.semantickernel': 'Semantic Kernel',
  'haystack-ai': 'Haystack',
  promptflow: 'Prompt flow',
  prompty: 'Prompty',
  dspy: 'DSPy',
  'dspy-ai': 'DSPy',
  instructor: 'Instructor',
  guidance: 'Guidance',
  pyautogen: 'AutoGen',
  'autogen-agentchat': 'AutoGen',
  crewai: 'CrewAI',
  '@anthropic-ai/sdk': 'Anthropic SDK',
  '@azure/openai': 'Azure OpenAI SDK',
  '@langchain/core': 'LangChain',
  '@google/generative-ai': 'Google Gemini SDK',
  ai: 'Vercel AI SDK',
  llamaindex: 'LlamaIndex',
};

/** Python modules whose import means the code calls an LLM. */
const LLM_MODULES: Array<[RegExp, string]> = [
  [/^openai(\.|$)/, 'OpenAI SDK'],
  [/^anthropic(\.|$)/, 'Anthropic SDK'],
  [/^azure\.ai\.inference(\.|$)/, 'Azure AI Inference SDK'],
  [/^google\.generativeai(\.|$)|^google\.genai(\.|$)/, 'Google Gen AI SDK'],
  [
    /^vertexai\.(generative_models|language_models|preview\.generative_models)(\.|$)/,
    'Vertex AI Gemini SDK',
  ],
  [/^(langchain|langchain_[a-z]+|langgraph)(\.|$)/, 'LangChain'],
  [/^llama_index(\.|$)/, 'LlamaIndex'],
  [/^semantic_kernel(\.|$)/, 'Semantic Kernel'],
  [/^litellm(\.|$)/, 'LiteLLM'],
  [/^promptflow(\.|$)/, 'Prompt flow'],
  [/^prompty(\.|$)/, 'Prompty'],
  [/^haystack(\.|$)/, 'Haystack'],
  [
    /^(cohere|mistralai|groq|ollama|dspy|instructor|autogen|crewai)(\.|$)/,
    'LLM SDK',
  ],
];

/** .NET and JavaScript imports of LLM SDKs in service code. */
const OTHER_LANGUAGE_IMPORTS: Array<[RegExp, string]> = [
  [
    /^\s*using\s+(Azure\.AI\.OpenAI|OpenAI(\.Chat)?|Microsoft\.SemanticKernel)[\w.]*\s*;/m,
    'an LLM SDK',
  ],
  [
    /\bfrom\s+['"](openai|@azure\/openai|@anthropic-ai\/sdk|@langchain\/[\w-]+|langchain\/[\w/-]+|llamaindex|ai)['"]/,
    'an LLM SDK',
  ],
];

/** A Bedrock runtime client is how boto3 code calls hosted models. */
const BEDROCK_CLIENT = /\bclient\s*\(\s*["']bedrock-runtime["']/;

/** NuGet package references of .NET projects, lower-cased. */
export function nugetPackages(files: RepoFileSet): string[] {
  return files
    .matching(/(\.csproj|\.fsproj|Directory\.Packages\.props)$/)
    .flatMap(file =>
      [
        ...file.text.matchAll(
          /<Package(?:Reference|Version)\s+[^>]*Include\s*=\s*"([^"]+)"/g,
        ),
      ].map(m => m[1].toLowerCase()),
    );
}

/**
 * Where the service calls large language models: LLM SDKs, frameworks and gateways in its
 * dependencies and in the imports of its own code (not tests or docs). The CLI derives the
 * LLM flavour from these when no catalog entity says it.
 */
export function detectLlmStack(
  files: RepoFileSet,
  dependencies: string[],
): DetectorResult {
  const findings = new Findings();
  const packages = [...dependencies, ...nugetPackages(files)];
  const declared = [...new Set(packages.filter(name => LLM_PACKAGES[name]))];
  if (declared.length > 0) {
    findings.signal(
      'llm-framework',
      'dependencies',
      '.',
      `LLM packages in the dependencies: ${declared.map(code).join(', ')}`,
      {
        packages: declared,
        frameworks: [...new Set(declared.map(name => LLM_PACKAGES[name]))],
      },
    );
  }
  for (const source of servicePythonSources(files)) {
    if (extensionOf(source.path) === 'ipynb') {
      continue;
    }
    const frameworks = new Set<string>();
    for (const module of source.imports) {
      for (const [pattern, framework] of LLM_MODULES) {
        if (pattern.test(module)) {
          frameworks.add(framework);
        }
      }
    }
    if (BEDROCK_CLIENT.test(source.code)) {
      frameworks.add('Amazon Bedrock');
    }
    if (frameworks.size > 0) {
      findings.signal(
        'llm-framework',
        'imports',
        source.path,
        `${source.path} calls LLMs through ${[...frameworks].join(', ')}`,
        { frameworks: [...frameworks] },
      );
    }
  }
  for (const file of files.matching(/\.(cs|ts|tsx|js|mjs)$/)) {
    if (
      isTestPath(file.path) ||
      isDocsPath(file.path) ||
      /\.(test|spec)\.[jt]sx?$|Tests?\.cs$/.test(file.path)
    ) {
      continue;
    }
    const match = OTHER_LANGUAGE_IMPORTS.find(([pattern]) =>
      pattern.test(file.text),
    );
    if (match) {
      findings.signal(
        'llm-framework',
        'imports',
        file.path,
        `${file.path} imports ${match[1]}`,
        { frameworks: [match[1]] },
      );
    }
  }
  return findings.result();
}
