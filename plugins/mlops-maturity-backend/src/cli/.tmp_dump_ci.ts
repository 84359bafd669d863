// temporary debug helper (not part of the project; deleted at the end)
import path from 'path';
import { analyzeRepository } from '../collectors/repository/analyzeRepository';
import { RepositoryReader } from '../collectors/repository/RepositoryReader';

async function run() {
  const dir = path.resolve(process.argv[2]);
  const kinds = (process.argv[3] ?? 'ci-job').split(',');
  const reader = RepositoryReader.create({
    urlReader: {} as any,
    fileRoots: [dir],
    baseDir: dir,
  });
  const read: any = await reader.read(`file:${dir}/`);
  const facts = await analyzeRepository({ location: read.location, files: read.files });
  for (const s of facts.signals.filter(s => kinds.includes(s.kind))) {
    console.log(`[${s.kind}/${s.tool}] ${s.detail}\n    ${JSON.stringify(s.attributes)}`);
  }
  for (const r of facts.rejections.filter(r => kinds.includes(r.kind))) {
    console.log(`REJECT [${r.kind}/${r.tool}] ${r.path}: ${r.reason}`);
  }
}
run();
