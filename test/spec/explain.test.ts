/**
 * `infobj explain --json` of every shipped spec, kept as a file snapshot: a change to the planner's choices, rules or
 * printing shows up as a diff of test/spec/__snapshots__/explain/<spec>.json to review.
 */
import { readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { explainDocument } from '../../src/plan/index.ts';
import { loadSpec, planSpec } from '../../src/spec/index.ts';

const specs = readdirSync('specs').filter((f) => /\.(ya?ml|json)$/.test(f));

it.each(specs)('explain --json specs/%s', async (file) => {
  const document = explainDocument(planSpec(loadSpec(`specs/${file}`)).plan);
  await expect(`${JSON.stringify(document, null, 2)}\n`).toMatchFileSnapshot(
    `__snapshots__/explain/${file.replace(/\.\w+$/, '')}.json`,
  );
});
