// Loaded with --import into a server process by test/process/process-safety.test.ts: on SIGUSR2
// (sent once the server listens) a promise rejects with nobody listening, as a forgotten catch in
// a request's background work would. Node's default is to end the process.
process.on('SIGUSR2', () => {
  void Promise.reject(new Error('stray rejection from a test'));
});
