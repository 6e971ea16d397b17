// The message tables (www/js/i18n/*.js) read in Node for the specs: {en, nl}.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

function load(lang) {
  const file = path.join(__dirname, '..', '..', 'www', 'js', 'i18n', `${lang}.js`);
  const source = fs.readFileSync(file, 'utf8').replace(/^export default /m, 'module.exports = ');
  const sandbox = { module: {} };
  vm.runInNewContext(source, sandbox, { filename: file });
  return sandbox.module.exports;
}

const TABLES = { en: load('en'), nl: load('nl') };

/** The `{name}` placeholders of a message, sorted and unique. */
function placeholders(text) {
  return [...new Set(String(text).match(/\{\w+\}/g) || [])].sort();
}

module.exports = { TABLES, placeholders };
