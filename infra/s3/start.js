// Starts @20minutes/s3rver for Lake's development and tests: 127.0.0.1 only, a free port unless one is given, objects
// kept under --directory. Prints one line, "s3rver listening on http://127.0.0.1:<port>", once it accepts requests,
// and writes the port to --port-file when given. Run it through start.sh (it sets the Node options s3rver needs).
'use strict';
const fs = require('fs');
const path = require('path');
const S3rver = require('@20minutes/s3rver');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const directory = path.resolve(arg('--directory', path.join(__dirname, '.data')));
const port = Number(arg('--port', '0'));
const portFile = arg('--port-file', undefined);
fs.mkdirSync(directory, { recursive: true });

// allowMismatchedSignatures: without it PutBucket, ListObjectsV2 and DeleteObjects fail with 403 (see shared field notes);
// signatures are still computed by the SDK, so credentials stay exercised. silent: request logs go nowhere.
new S3rver({ address: '127.0.0.1', port, directory, allowMismatchedSignatures: true, silent: true })
  .run()
  .then((address) => {
    if (portFile) fs.writeFileSync(portFile, String(address.port));
    console.log(`s3rver listening on http://127.0.0.1:${address.port}`);
  })
  .catch((err) => {
    console.error(`s3rver failed to start: ${err.message}`);
    process.exit(1);
  });
