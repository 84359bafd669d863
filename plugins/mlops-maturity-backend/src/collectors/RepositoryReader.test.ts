import fs from 'fs';
import os from 'os';
import path from 'path';
import { mockServices } from '@backstage/backend-test-utils';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import { analyzeRepository } from '@mlops-maturity/backstage-plugin-mlops-maturity-analyzer';
import { RepositoryReader } from './RepositoryReader';

describe('RepositoryReader', () => {
  let tmp: string;
  let root: string;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-reader-'));
    root = path.join(tmp, 'repos');
    const repo = path.join(root, 'fraud');
    fs.mkdirSync(path.join(repo, '.github', 'workflows'), { recursive: true });
    fs.mkdirSync(path.join(repo, 'node_modules', 'pkg'), { recursive: true });
    fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'Dockerfile'), 'FROM python:3.12-slim\n');
    fs.writeFileSync(
      path.join(repo, '.github', 'workflows', 'ci.yml'),
      'on: push\njobs:\n  test:\n    steps:\n      - run: pytest\n',
    );
    fs.writeFileSync(path.join(repo, 'node_modules', 'pkg', 'index.js'), 'x');
    fs.writeFileSync(path.join(repo, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    fs.writeFileSync(path.join(tmp, 'secret.txt'), 'outside');
    fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(repo, 'leak.txt'));
  });

  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const reader = (urlReader = mockServices.urlReader.mock()) =>
    RepositoryReader.create({ urlReader, fileRoots: ['repos'], baseDir: tmp });

  it('reads a directory under a configured root, skipping vendored dirs and links out of the root', async () => {
    const result = await reader().read(`file:${path.join(root, 'fraud')}`);
    if (result.notModified) {
      throw new Error('unexpected');
    }
    expect(result.files.map(f => f.path).sort()).toEqual([
      '.github/workflows/ci.yml',
      'Dockerfile',
    ]);
    // Named relative to the backend's working directory: no server path leaves the host.
    expect(result.location).toBe('file:repos/fraud/');
    const facts = await analyzeRepository({
      location: result.location,
      files: result.files,
    });
    expect(facts.signals.map(s => s.kind).sort()).toEqual([
      'ci-job',
      'container-image',
    ]);
  });

  it('names a root outside the working directory relatively too, as fileRoots are written', async () => {
    const backendDir = path.join(tmp, 'packages', 'backend');
    fs.mkdirSync(backendDir, { recursive: true });
    const result = await RepositoryReader.create({
      urlReader: mockServices.urlReader.mock(),
      fileRoots: ['../../repos'],
      baseDir: backendDir,
    }).read(`file:${path.join(root, 'fraud')}`);
    expect(result.notModified ? undefined : result.location).toBe(
      'file:../../repos/fraud/',
    );
  });

  it('resolves relative file locations against the base directory', async () => {
    const result = await reader().read('file:./repos/fraud');
    expect(result.notModified).toBe(false);
  });

  it('rejects locations outside the roots and .. escapes', async () => {
    await expect(reader().read(`file:${tmp}`)).rejects.toThrow(
      /is outside mlopsMaturity\.repositories\.fileRoots/,
    );
    await expect(
      reader().read(`file:${path.join(root, 'fraud', '..', '..')}`),
    ).rejects.toThrow(/is outside mlopsMaturity\.repositories\.fileRoots/);
    await expect(reader().read('file:./repos/../../etc')).rejects.toThrow(
      /is outside mlopsMaturity\.repositories\.fileRoots/,
    );
    const noRoots = RepositoryReader.create({
      urlReader: mockServices.urlReader.mock(),
      fileRoots: [],
      baseDir: tmp,
    });
    await expect(noRoots.read('file:./repos/fraud')).rejects.toThrow(
      /outside mlopsMaturity\.repositories\.fileRoots \(none configured\)/,
    );
    // The roots as configured, never as resolved on the server.
    await expect(reader().read(`file:${tmp}`)).rejects.toThrow(
      `Source location file:${tmp} is outside mlopsMaturity.repositories.fileRoots (repos)`,
    );
  });

  it('rejects a root-internal symlink that points outside the root', async () => {
    fs.symlinkSync(tmp, path.join(root, 'escape'));
    await expect(reader().read('file:./repos/escape')).rejects.toThrow(
      /outside mlopsMaturity\.repositories\.fileRoots/,
    );
  });

  it('says what is missing', async () => {
    await expect(reader().read('file:./repos/missing')).rejects.toThrow(
      'Cannot read repository at file:./repos/missing: the directory does not exist',
    );
    // The catalog's own words, never the directory as resolved on the server.
    const error = await reader()
      .read('file:./repos/missing')
      .catch(e => e);
    expect(error.message).not.toContain(tmp);
  });

  it('reads other locations through the UrlReaderService, passing the etag', async () => {
    const urlReader = mockServices.urlReader.mock({
      readTree: jest.fn(async () => ({
        etag: 'sha-2',
        files: async () => [
          {
            path: 'services/fraud/Dockerfile',
            content: async () => Buffer.from('FROM python:3.12\n'),
          },
        ],
        archive: async () => {
          throw new Error('not used');
        },
        dir: async () => {
          throw new Error('not used');
        },
      })),
    });
    const result = await reader(urlReader).read(
      'url:https://github.com/acme/fraud/tree/main/',
      { etag: 'sha-1' },
    );
    expect(urlReader.readTree).toHaveBeenCalledWith(
      'https://github.com/acme/fraud/tree/main/',
      expect.objectContaining({ etag: 'sha-1', filter: expect.any(Function) }),
    );
    const filter = (urlReader.readTree as jest.Mock).mock.calls[0][1].filter;
    expect(filter('node_modules/x/index.js', { size: 10 })).toBe(false);
    expect(filter('src/train.py', { size: 10 })).toBe(true);
    expect(filter('data/big.csv', { size: 10 * 1024 * 1024 })).toBe(false);
    if (result.notModified) {
      throw new Error('unexpected');
    }
    expect(result.etag).toBe('sha-2');
    expect(result.location).toBe('https://github.com/acme/fraud/tree/main/');
    expect((await result.files[0].read()).toString()).toBe(
      'FROM python:3.12\n',
    );
    expect(result.versionControl).toEqual({
      system: 'scm',
      detail: 'read through the SCM integration for github.com',
    });
  });

  it('gives up a read through the SCM that stops answering', async () => {
    const urlReader = mockServices.urlReader.mock({
      // Never answers, and does not listen to the signal either.
      readTree: jest.fn(() => new Promise(() => {})) as any,
    });
    const slow = RepositoryReader.create({
      urlReader,
      fileRoots: [],
      baseDir: tmp,
      readTimeoutMs: 50,
    });
    await expect(
      slow.read('url:https://github.com/acme/fraud/tree/main/'),
    ).rejects.toThrow(
      'Cannot read repository https://github.com/acme/fraud/tree/main/: no answer within 0.05 s',
    );
  });

  it('tells whether a local folder is in a git work tree, and that an object store is not version control', async () => {
    fs.mkdirSync(path.join(root, 'fraud', 'services', 'scoring'), {
      recursive: true,
    });
    fs.mkdirSync(path.join(root, 'plain'), { recursive: true });
    const inside = await reader().read(
      `file:${path.join(root, 'fraud', 'services', 'scoring')}`,
    );
    const plain = await reader().read(`file:${path.join(root, 'plain')}`);
    if (inside.notModified || plain.notModified) {
      throw new Error('unexpected');
    }
    expect(inside.versionControl).toEqual({
      system: 'git',
      detail: 'the folder is inside a git work tree (services/scoring of it)',
    });
    // The temporary directory is in no git work tree.
    expect(plain.versionControl).toBeNull();

    const bucket = mockServices.urlReader.mock({
      readTree: jest.fn(async () => ({
        etag: '',
        files: async () => [],
        archive: async () => {
          throw new Error('not used');
        },
        dir: async () => {
          throw new Error('not used');
        },
      })),
    });
    const fromBucket = await reader(bucket).read(
      'url:https://models.s3.eu-west-1.amazonaws.com/fraud/',
    );
    if (fromBucket.notModified) {
      throw new Error('unexpected');
    }
    expect(fromBucket.versionControl).toBeNull();
  });

  it('reports an unchanged tree as not modified', async () => {
    const urlReader = mockServices.urlReader.mock({
      readTree: jest.fn(async () => {
        throw new NotModifiedError('unchanged');
      }),
    });
    await expect(
      reader(urlReader).read('https://github.com/acme/fraud', {
        etag: 'sha-1',
      }),
    ).resolves.toEqual({ notModified: true });
  });

  it('says which repository could not be read and why', async () => {
    const urlReader = mockServices.urlReader.mock({
      readTree: jest.fn(async () => {
        throw new NotFoundError('Repository not found (404)');
      }),
    });
    await expect(
      reader(urlReader).read('url:https://github.com/acme/gone'),
    ).rejects.toThrow(
      'Cannot read repository https://github.com/acme/gone: Repository not found (404)',
    );
  });
});
