import { describe, expect, it } from 'vitest';
import { compiledTemplate } from '../../functions/render/compiled.js';
import {
  asCompiledTemplates,
  Fragment,
  fill,
  parseTemplate,
  SLOT_CLOSE,
  SLOT_OPEN,
  splitSlots,
} from '../../functions/render/template.js';

describe('parseTemplate', () => {
  it('fills variables, repeats blocks and leaves slot markers', () => {
    const { root, slots } = parseTemplate(
      '<h1>{{title}}</h1>{{#row}}<p>{{name}}</p>{{/row}}{{#@account}}<a href="{{url}}">x</a>{{/@account}}',
    );
    const html = fill(root, { title: 'T', row: [{ name: 'a' }, { name: 'b' }] });
    expect(html).toBe(`<h1>T</h1><p>a</p><p>b</p>${SLOT_OPEN}account${SLOT_CLOSE}`);
    expect(fill(slots.account ?? { parts: [], blocks: {} }, { url: 'https://x.org/?a=1&b=2' })).toBe(
      '<a href="https://x.org/?a=1&amp;b=2">x</a>',
    );
  });

  const broken: Array<[string, string]> = [
    ['an unclosed block', '{{#row}}<p></p>'],
    ['a block closed by another name', '{{#row}}{{/col}}'],
    ['a stray close', '{{/row}}'],
    ['a malformed token', '<p>{{ title }}</p>'],
    ['a lone brace pair', '<p>}}</p>'],
    ['a slot inside a block', '{{#row}}{{#@account}}{{/@account}}{{/row}}'],
    ['a bare slot variable', '{{@greeting}}'],
  ];
  it.each(broken)('rejects %s', (_name, source) => {
    expect(() => parseTemplate(source)).toThrow(/templates: /);
  });
});

describe('fill', () => {
  const { root } = parseTemplate('<a title="{{t}}">{{t}}</a>{{#b}}[{{x}}]{{/b}}');

  it('escapes every value for text and attributes', () => {
    expect(fill(root, { t: `<img src=x onerror="alert('1')">&`, b: [] })).toBe(
      '<a title="&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;">&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;</a>',
    );
  });

  it('never expands template syntax that arrives in a value', () => {
    expect(fill(root, { t: '{{t}}{{#b}}', b: [] })).toBe('<a title="{{t}}{{#b}}">{{t}}{{#b}}</a>');
  });

  it('takes pre-filled fragments as they are', () => {
    expect(fill(root, { t: 'x', b: [new Fragment('<i>ok</i>')] })).toBe('<a title="x">x</a><i>ok</i>');
  });

  it('throws on a missing variable', () => {
    expect(() => fill(root, { b: [] })).toThrow(/needs a value for \{\{t\}\}/);
  });
});

describe('splitSlots', () => {
  it('splits at markers and keeps the literals around them', () => {
    expect(splitSlots(`a${SLOT_OPEN}x${SLOT_CLOSE}b${SLOT_OPEN}y${SLOT_CLOSE}`)).toEqual({
      literals: ['a', 'b', ''],
      slots: ['x', 'y'],
    });
  });
});

describe('compiled templates', () => {
  it('are built and hold the digest and the confirmation', () => {
    expect(compiledTemplate('digest').root.parts.length).toBeGreaterThan(0);
    expect(Object.keys(compiledTemplate('digest').slots).sort()).toEqual(['account', 'greeting', 'public']);
    expect(compiledTemplate('confirm').root.parts.length).toBeGreaterThan(0);
  });

  it('throw a clear TEMPLATE_INVALID for a template that is not there', () => {
    expect(() => compiledTemplate('missing')).toThrow(
      'render: templates not compiled; run npm run build:templates',
    );
  });

  const shapes: Array<[string, unknown]> = [
    ['nothing', undefined],
    ['a wrong version', { version: 2, templates: {} }],
    [
      'a part of the wrong shape',
      { version: 1, templates: { d: { root: { parts: [{ q: 'x' }], blocks: {} }, slots: {} } } },
    ],
  ];
  it.each(shapes)('refuse a module holding %s', (_name, value) => {
    expect(asCompiledTemplates(value)).toBeUndefined();
  });
});
