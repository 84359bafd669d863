import { RepoFileSet } from '../../RepoFileSet';
import { PythonSource } from '../../parsing/python';
import {
  GUARDRAILS,
  LLM_EVALUATION,
  matchAll,
  PythonMatch,
  usage,
} from '../python/pythonPatterns';
import { runtimeCode, servicePythonCode } from '../serviceCode';
import { code, Findings } from '../types';
import { findCalls } from './calls';

/** Which side of the model a guardrail checks. */
export type GuardedText = 'input' | 'output';

/** Moderation APIs that score any text they are given, the user's or the model's. */
const MODERATION_CALLS: Record<string, RegExp> = {
  'azure-content-safety': /\.analyze_text/,
  'openai-moderation': /\.moderations\.create/,
};

const OPENAI_MODERATION = usage(
  'openai-moderation',
  ['openai', 'langchain', 'langchain_openai', 'langchain_experimental'],
  /\.moderations\.create\s*\(|\bOpenAIModerationChain\s*\(/,
);

/** Names of the model's output and of the user's input, as code usually spells them. */
const OUTPUT_WORDS =
  /(output|answer|response|completion|generat|reply|choices|assistant)/i;
const INPUT_WORDS =
  /(input|prompt|question|query|user_?message|user_?text|user_?content)/i;

/** Argument values without their keyword names (`moderations.create(input=answer)` checks `answer`). */
function argumentValues(text: string): string {
  return text.replace(/\b\w+\s*=(?!=)/g, '');
}

function classify(texts: string[]): Set<GuardedText> {
  const found = new Set<GuardedText>();
  for (const text of texts) {
    if (OUTPUT_WORDS.test(text)) {
      found.add('output');
    }
    if (INPUT_WORDS.test(text)) {
      found.add('input');
    }
  }
  return found;
}

/** Names of the functions whose body runs a call matching `pattern`. */
function enclosingFunctions(source: PythonSource, pattern: RegExp): string[] {
  return source
    .functions()
    .filter(fn => fn.body.some(line => pattern.test(line)))
    .map(fn => fn.name);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * What a moderation call checks, read from what it is given: the arguments of the call,
 * the names of the functions wrapping it, and how those wrappers are called in this file
 * and in the files importing it (two levels up), e.g. `check_output(answer)`.
 */
function moderatedText(
  files: RepoFileSet,
  source: PythonSource,
  callee: RegExp,
): Set<GuardedText> {
  const importers = files
    .pythonSources()
    .filter(s => files.localImports(s.path).includes(source.path));
  const sources = [source, ...importers];
  const texts = findCalls(source, callee).map(call =>
    argumentValues(call.text.slice(call.callee.length)),
  );
  let wrappers = enclosingFunctions(source, callee);
  const seen = new Set<string>();
  for (let level = 0; level < 3 && wrappers.length > 0; level++) {
    const next: string[] = [];
    for (const name of wrappers.filter(n => !seen.has(n))) {
      seen.add(name);
      texts.push(name);
      const call = new RegExp(`(?<!def\\s)\\b${escape(name)}`);
      for (const caller of sources) {
        texts.push(
          ...findCalls(caller, call).map(c =>
            argumentValues(c.text.slice(c.callee.length)),
          ),
        );
        next.push(
          ...enclosingFunctions(caller, new RegExp(`${call.source}\\s*\\(`)),
        );
      }
    }
    wrappers = next;
  }
  return classify(texts);
}

/** Which text a guardrail tool checks, from how the code calls it. */
function guardedText(
  files: RepoFileSet,
  source: PythonSource,
  match: PythonMatch,
  nemoRails: Set<GuardedText>,
): Set<GuardedText> {
  switch (match.tool) {
    case 'azure-content-safety':
    case 'openai-moderation':
      return moderatedText(files, source, MODERATION_CALLS[match.tool]);
    case 'llm-guard':
      return new Set<GuardedText>([
        ...(/\bscan_output\s*\(/.test(source.code) ? ['output' as const] : []),
        ...(/\bscan_prompt\s*\(/.test(source.code) ? ['input' as const] : []),
      ]);
    case 'bedrock-guardrails': {
      const sources = [
        ...source.code.matchAll(/\bsource\s*=\s*["'](INPUT|OUTPUT)["']/g),
      ].map(m => m[1].toLowerCase() as GuardedText);
      // A guardrail attached to the model call (`guardrailIdentifier`) checks both sides.
      return new Set<GuardedText>(
        sources.length ? sources : ['input', 'output'],
      );
    }
    case 'guardrails-ai':
      // Validators attached `on="messages"` check the prompt; the rest check the output.
      return new Set<GuardedText>(
        /\bon\s*=\s*["'](messages|prompt|msg_history)["']/.test(source.code) &&
        !/\.(validate|parse)\s*\(/.test(source.code)
          ? ['input']
          : ['output'],
      );
    case 'nemo-guardrails':
      return nemoRails;
    default:
      // Structured-output validation (Pydantic, Instructor) parses what the model returned.
      return new Set<GuardedText>(['output']);
  }
}

function describeGuarded(appliesTo: GuardedText[]): string {
  if (appliesTo.includes('output')) {
    return appliesTo.includes('input')
      ? "validates the model's output (and the input)"
      : "validates the model's output";
  }
  return appliesTo.includes('input')
    ? "checks only the user's input"
    : 'checks text that cannot be told to be the prompt or the answer';
}

/**
 * Guardrails and output validation in the service's Python code, with the text each one
 * checks (`appliesTo`) and whether it runs in the service (`runtime`): a check that runs
 * only in evaluation code, or only on the user's prompt, does not validate the output.
 */
export function codeGuardrails(
  files: RepoFileSet,
  findings: Findings,
  nemoRails: Set<GuardedText>,
) {
  const runtime = runtimeCode(files);
  for (const source of servicePythonCode(files)) {
    const evaluationCode = matchAll(source, LLM_EVALUATION).length > 0;
    const matches = matchAll(source, [...GUARDRAILS, OPENAI_MODERATION]);
    for (const match of matches) {
      const appliesTo = [
        ...guardedText(files, source, match, nemoRails),
      ].sort();
      const runs = runtime.runs(source.path) && !evaluationCode;
      const what = describeGuarded(appliesTo);
      findings.signal(
        'guardrails',
        match.tool,
        source.path,
        `${source.path} ${what} with ${match.tool} (${code(match.evidence)})${
          runs ? '' : ', in code the running service does not execute'
        }`,
        {
          call: match.evidence,
          appliesTo,
          runtime: runs,
        },
      );
    }
  }
}
