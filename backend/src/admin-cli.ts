import { runAdminCommand } from './admin/admin-command';

// Entry point of `npm run admin`, beside main.ts: the environment is read here and nowhere else.
void runAdminCommand(process.argv.slice(2), process.env, (line) => console.log(line)).then((code) => {
  process.exitCode = code;
});
