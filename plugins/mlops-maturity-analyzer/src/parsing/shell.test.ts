import { isTrivialCommand, parseShellScript } from './shell';

describe('parseShellScript', () => {
  it('splits commands, drops wrappers and comments, and joins continuation lines', () => {
    const commands = parseShellScript(`# deploy
set -euo pipefail
export IMAGE=acme/fraud
AWS_REGION=eu-west-1 poetry run python -m pytest -q tests && echo ok
sudo helm upgrade --install fraud chart/ \\
  --atomic   # keep history
uv run --frozen ruff check .
npx -y promptfoo@latest eval -c evals/promptfooconfig.yaml
conda run -n fraud python train.py
accelerate launch --num_processes 2 train.py --epochs 3
`).map(c => c.text);
    expect(commands).toEqual([
      'set -euo pipefail',
      'export IMAGE=acme/fraud',
      'pytest -q tests',
      'echo ok',
      'helm upgrade --install fraud chart/ --atomic',
      'ruff check .',
      'promptfoo@latest eval -c evals/promptfooconfig.yaml',
      'python train.py',
      'train.py --epochs 3',
    ]);
  });

  it('marks commands whose failure is ignored', () => {
    const commands = parseShellScript(
      'pytest || true\npytest tests/a; exit 0\nmypy src || echo "type errors"\npytest tests/b && deploy',
    );
    expect(commands.map(c => [c.text, c.resultIgnored])).toEqual([
      ['pytest', true],
      ['true', false],
      ['pytest tests/a', true],
      ['exit 0', false],
      ['mypy src', true],
      ['echo "type errors"', false],
      ['pytest tests/b', false],
      ['deploy', false],
    ]);
  });

  it('unwraps bash -c and keeps inline python programs', () => {
    const commands =
      parseShellScript(`bash -c "kubectl apply -f k8s/ && kubectl rollout status deploy/api"
python - <<'PY'
import mlflow
mlflow.register_model("runs:/1/model", "fraud")
PY
`);
    expect(commands.map(c => c.text)).toEqual([
      'kubectl apply -f k8s/',
      'kubectl rollout status deploy/api',
      'python -',
    ]);
    expect(commands[2].inlineProgram).toContain('mlflow.register_model');
  });

  it('treats CI expressions as values', () => {
    expect(
      parseShellScript("pytest ${{ matrix.flags || '' }} tests").map(c => [
        c.text,
        c.resultIgnored,
      ]),
    ).toEqual([['pytest x tests', false]]);
  });

  it('knows trivial commands', () => {
    expect(isTrivialCommand('echo "Deploying..."')).toBe(true);
    expect(isTrivialCommand('sleep 10')).toBe(true);
    expect(isTrivialCommand('kubectl apply -f x')).toBe(false);
  });
});
