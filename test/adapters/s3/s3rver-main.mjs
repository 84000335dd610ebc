// Runs s3rver on 127.0.0.1 in its own process, started by target.ts with --openssl-legacy-provider: s3rver makes
// its ListObjectsV2 continuation tokens with DES, which OpenSSL 3 serves only from the legacy provider.
// Usage: node --openssl-legacy-provider s3rver-main.mjs <directory> <bucket>; prints {"port":N} once listening,
// and exits when its stdin closes (so it never outlives the test process that started it).
import S3rver from 's3rver';

const [directory, bucket] = process.argv.slice(2);
if (directory === undefined || bucket === undefined) {
  process.stderr.write('usage: s3rver-main.mjs <directory> <bucket>\n');
  process.exit(2);
}
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: [{ name: bucket }],
});
const address = await server.run();
process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  server.close().finally(() => process.exit(0));
});
