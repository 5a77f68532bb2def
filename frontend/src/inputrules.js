// Markdown-like shortcuts typed at the start of a paragraph: "## " heading (2-4 #s; one
// # also gives level 2, the section title being level 1), "* " / "- " bullet list,
// "1. " numbered list, "> " quote.
import { inputRules, textblockTypeInputRule, wrappingInputRule } from "prosemirror-inputrules";

export function buildInputRules(schema) {
  const n = schema.nodes;
  return inputRules({
    rules: [
      textblockTypeInputRule(/^(#{1,4})\s$/, n.heading, (match) => ({ level: Math.max(2, match[1].length) })),
      wrappingInputRule(/^\s*([-+*])\s$/, n.bullet_list),
      wrappingInputRule(/^(\d+)\.\s$/, n.ordered_list, (match) => ({ order: Number(match[1]) }),
        (match, node) => node.childCount + node.attrs.order === Number(match[1])),
      wrappingInputRule(/^\s*>\s$/, n.blockquote),
    ],
  });
}
