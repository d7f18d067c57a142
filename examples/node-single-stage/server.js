const http = require('node:http');

http.createServer((request, response) => {
  response.end('hello from a single-stage image\n');
}).listen(3000);
