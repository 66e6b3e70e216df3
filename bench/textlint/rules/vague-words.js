"use strict";
// One word-list rule, the textlint twin of jxlint's vague words: every occurrence of a word of
// rules/wordlists/vague.yaml (its flow list `words: [a, b, ...]`) is reported.
const fs = require("fs");
const path = require("path");

const WORDLIST = path.join(__dirname, "..", "..", "..", "rules", "wordlists", "vague.yaml");

function words() {
  const text = fs.readFileSync(WORDLIST, "utf8");
  const list = text.slice(text.indexOf("words:")).match(/\[([^\]]*)\]/);
  return list[1].split(",").map((word) => word.trim()).filter(Boolean);
}

function escape(word) {
  return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

module.exports = function vagueWords(context) {
  const { Syntax, RuleError, report, getSource, locator } = context;
  const pattern = new RegExp(words().map(escape).join("|"), "g");
  return {
    [Syntax.Str](node) {
      const text = getSource(node);
      for (const match of text.matchAll(pattern)) {
        const range = [match.index, match.index + match[0].length];
        report(node, new RuleError(`含糊的词：${match[0]}`, { padding: locator.range(range) }));
      }
    },
  };
};
