// expect: compare the state dump at a path with a value, by deep equality.
import { deepEqual, getPath } from '../path';
import { command, f } from './spec';

export default command({
  name: 'expect',
  required: { path: f.path, equals: f.any },
  optional: {},
  doc: 'compare the state dump at `path` (dot-separated keys and array indexes) with `equals` by deep equality',
  execute(run, step, i) {
    const actual = getPath(run.dump(), step.path);
    if (!deepEqual(actual, step.equals)) run.fail(i, step.path, step.equals, actual);
  },
});
