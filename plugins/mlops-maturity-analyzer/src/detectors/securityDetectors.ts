import { RepoFileSet } from '../RepoFileSet';
import { basenameOf } from '../parsing/paths';
import { asArray, asMap, asString } from '../parsing/yaml';
import { code, DetectorResult, Findings, listForHumans } from './types';

const SECURITY_HOOKS =
  /bandit|gitleaks|detect-secrets|trufflehog|safety|pip-audit|semgrep|checkov|detect-private-key|tfsec|trivy|osv-scanner/;

/** Dependency update and security scanning configuration kept in the repository. */
export function detectSecurity(files: RepoFileSet): DetectorResult {
  const findings = new Findings();
  for (const file of files.matching(/(^|\/)\.github\/dependabot\.ya?ml$/)) {
    const updates = asArray(files.yamlMaps(file.path)[0]?.updates).map(asMap);
    if (updates.length === 0) {
      findings.reject(
        'security-scan',
        'dependabot',
        file.path,
        `${file.path} configures no updates`,
      );
      continue;
    }
    const ecosystems = [
      ...new Set(updates.map(u => asString(u['package-ecosystem']) ?? '')),
    ].filter(Boolean);
    findings.signal(
      'security-scan',
      'dependabot',
      file.path,
      `Dependabot keeps ${listForHumans(
        ecosystems.map(code),
      )} dependencies patched (${file.path})`,
      {
        ecosystems,
      },
    );
  }
  for (const file of files.matching(
    /(^|\/)(\.github\/|\.gitlab\/)?(renovate\.json5?|\.renovaterc(\.json5?)?)$/,
  )) {
    if (/"enabled"\s*:\s*false/.test(file.text)) {
      findings.reject(
        'security-scan',
        'renovate',
        file.path,
        `${file.path} disables Renovate`,
      );
      continue;
    }
    findings.signal(
      'security-scan',
      'renovate',
      file.path,
      `Renovate keeps dependencies up to date (${file.path})`,
      {},
    );
  }
  const configs: Array<{ pattern: RegExp; tool: string; what: string }> = [
    { pattern: /^\.snyk$/, tool: 'snyk', what: 'Snyk policy' },
    {
      pattern: /^\.?trivy\.ya?ml$/,
      tool: 'trivy',
      what: 'Trivy configuration',
    },
    {
      pattern: /^codeql-config\.ya?ml$/,
      tool: 'codeql',
      what: 'CodeQL configuration',
    },
    {
      pattern: /^\.gitleaks\.toml$|^gitleaks\.toml$/,
      tool: 'gitleaks',
      what: 'Gitleaks configuration',
    },
    {
      pattern: /^\.bandit$|^bandit\.ya?ml$/,
      tool: 'bandit',
      what: 'Bandit configuration',
    },
    { pattern: /^\.semgrep\.ya?ml$/, tool: 'semgrep', what: 'Semgrep rules' },
    {
      pattern: /^\.checkov\.ya?ml$/,
      tool: 'checkov',
      what: 'Checkov configuration',
    },
    {
      pattern: /^sonar-project\.properties$/,
      tool: 'sonarqube',
      what: 'SonarQube analysis settings',
    },
  ];
  for (const file of files.files) {
    const config = configs.find(c => c.pattern.test(basenameOf(file.path)));
    if (config && file.text.trim()) {
      findings.signal(
        'security-scan',
        config.tool,
        file.path,
        `${config.what} in ${file.path}`,
        {},
      );
    }
  }
  for (const file of files.named(/^\.pre-commit-config\.ya?ml$/)) {
    const hooks = asArray(files.yamlMaps(file.path)[0]?.repos)
      .flatMap(repo => asArray(asMap(repo).hooks))
      .map(hook => asString(asMap(hook).id) ?? '')
      .filter(id => SECURITY_HOOKS.test(id));
    if (hooks.length) {
      findings.signal(
        'security-scan',
        'pre-commit',
        file.path,
        `pre-commit runs security hooks ${listForHumans(hooks.map(code))} (${
          file.path
        })`,
        { hooks },
      );
    }
  }
  return findings.result();
}
