import { app } from './app';
import type { Env } from './env';
import { runSchedule } from './report/service';

// The Worker's entry. Only the default export lives here: workerd treats every named
// export of the main module as an entrypoint.
export default {
  fetch: app.fetch,
  /** Hourly (wrangler.toml `crons`): sends each workspace's report when its time comes. */
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runSchedule(env, new Date(controller.scheduledTime)).then((t) => {
      console.log(JSON.stringify({ event: 'schedule.run', ...t }));
    }));
  },
} satisfies ExportedHandler<Env>;
