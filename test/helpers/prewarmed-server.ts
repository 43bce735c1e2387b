/**
 * A hall server process that loads its code first and starts only when told (a line on
 * stdin). The crash loop spawns the next server this way while the current one still
 * runs, and lets it go the moment the current one is dead: what then runs is
 * server/src/main.ts itself, on the data folder the killed process left; only the loading
 * of modules (most of a cold start on two cores) has been done ahead.
 */
import '../../server/src/hall-config-file';
import '../../server/src/server';

process.stdin.once('data', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../../server/src/main');
});
