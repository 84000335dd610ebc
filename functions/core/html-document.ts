// The frame of every HTML page Tally serves or writes (the archive's pages, the subscription pages): doctype,
// language, character set and viewport, written once.

/** A whole HTML document: `head` goes after the charset and viewport, `body` inside <body>; both as given. */
export function htmlDocument(head: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${head}
</head>
<body>
${body}
</body>
</html>
`;
}
