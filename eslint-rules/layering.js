// Layering by allow-list (docs/architecture.md). A deny-list only stops the mistakes someone
// already thought of; with an allow-list a new dependency of a layer is a decision made in
// eslint.config.js, in review, rather than an accident found at run time (Node code in the page,
// I/O in the pure code). Two rules, so that files can widen the packages (tests add vitest) without
// touching the folder boundaries, and the other way round:
//
//   layering/packages  bare specifiers ('zod', 'node:fs', '@fastify/static') against `allow`
//   layering/folders   relative specifiers, resolved against the importing file, against `allow`
//
// Every way of reaching a module is checked: import and export ... from, import(), require(),
// TypeScript's `import x = require()` and `import('x')` types. Type-only imports count too: a
// type from server/ in the page still ties the page to server/'s source.

import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: folder options are repository paths, whatever directory ESLint runs in. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUILTINS = new Set(builtinModules);

const toPosix = (p) => p.split(path.sep).join('/');

/** 'node:fs/promises' → 'node:fs', '@fastify/static/x' → '@fastify/static', 'dexie' → 'dexie'. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** 'node:*' and '@tus/*' allow a whole prefix; anything else is one exact package. */
function packageAllowed(name, allow) {
  return allow.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));
}

/** The static text of a specifier node, or null when it is computed at run time. */
function staticText(node) {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  if (node.type === 'TSLiteralType') return staticText(node.literal);
  return null;
}

/** Calls `check(specifierNode, text | null)` for every module reference in the file. */
function moduleReferences(check) {
  const fromSource = (node) => {
    if (node.source) check(node.source, staticText(node.source));
  };
  return {
    ImportDeclaration: fromSource,
    ExportNamedDeclaration: fromSource,
    ExportAllDeclaration: fromSource,
    ImportExpression: fromSource,
    CallExpression(node) {
      if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length > 0) {
        check(node.arguments[0], staticText(node.arguments[0]));
      }
    },
    TSImportEqualsDeclaration(node) {
      if (node.moduleReference.type === 'TSExternalModuleReference') check(node.moduleReference.expression, staticText(node.moduleReference.expression));
    },
    TSImportType(node) {
      const source = node.source ?? node.argument;
      check(source, staticText(source));
    },
  };
}

/** Vite's '?url'-style suffixes name the same file. */
const stripQuery = (specifier) => specifier.replace(/[?#].*$/, '');
const isPath = (specifier) => specifier.startsWith('.') || specifier.startsWith('/');

const layerOption = {
  type: 'string',
  description: 'How the messages name the files this entry covers, e.g. "shared/"; in the folder rule, "*" stands for the importing file\'s own folder.',
};

const packages = {
  meta: {
    type: 'problem',
    docs: { description: 'A file may import only the packages on its layer\'s allow-list (eslint.config.js, docs/architecture.md).' },
    schema: [
      {
        type: 'object',
        properties: {
          layer: layerOption,
          allow: { type: 'array', items: { type: 'string' }, description: "Package names; 'node:*' or '@scope/*' allow a prefix." },
          computed: { type: 'boolean', description: 'Allow import()/require() of a name computed at run time.' },
        },
        required: ['layer', 'allow'],
        additionalProperties: false,
      },
    ],
    messages: {
      notAllowed: "{{layer}} may not import '{{name}}': it is not on {{layer}}'s allow-list in eslint.config.js (see docs/architecture.md).",
      bareBuiltin: "'{{name}}' is a Node built-in: write 'node:{{name}}' so it reads as one.",
      computed: "{{layer}} may not import a module whose name is computed at run time: it cannot be checked against {{layer}}'s allow-list.",
    },
  },
  create(context) {
    const { layer, allow, computed = false } = context.options[0];
    return moduleReferences((node, specifier) => {
      if (specifier === null) {
        if (!computed) context.report({ node, messageId: 'computed', data: { layer } });
        return;
      }
      if (isPath(specifier)) return;
      const name = packageName(stripQuery(specifier));
      if (packageAllowed(name, allow)) return;
      if (BUILTINS.has(name) && packageAllowed(`node:${name}`, allow)) context.report({ node, messageId: 'bareBuiltin', data: { name } });
      else context.report({ node, messageId: 'notAllowed', data: { layer, name } });
    });
  },
};

const folders = {
  meta: {
    type: 'problem',
    docs: { description: 'A relative import may reach only the folders on its layer\'s allow-list (eslint.config.js, docs/architecture.md).' },
    schema: [
      {
        type: 'object',
        properties: {
          layer: layerOption,
          allow: { type: 'array', items: { type: 'string' }, description: "Repository folders, e.g. 'shared/', 'renderer/ui/'." },
          own: {
            type: 'integer',
            minimum: 1,
            description: "How many leading folders of the importing file's own path it may always import from: 1 = its top folder (shared/), 2 = its area (renderer/counter/).",
          },
        },
        required: ['layer', 'allow'],
        additionalProperties: false,
      },
    ],
    messages: {
      notAllowed: "{{layer}} may not import '{{target}}': {{folder}} is not on {{layer}}'s allow-list in eslint.config.js (see docs/architecture.md).",
      outside: "'{{specifier}}' leaves the repository.",
    },
  },
  create(context) {
    const { allow, own = 1 } = context.options[0];
    const asFolder = (p) => (p.endsWith('/') ? p : `${p}/`);
    const allowed = allow.map(asFolder);
    const file = toPosix(path.relative(ROOT, context.physicalFilename ?? context.filename));
    const dirs = file.split('/').slice(0, -1);
    // A file above the area depth (renderer/main.tsx) is the root of its folder and owns all of it.
    const ownFolder = asFolder(dirs.slice(0, Math.min(own, dirs.length)).join('/'));
    const layer = context.options[0].layer.replace('*', ownFolder);
    return moduleReferences((node, specifier) => {
      if (specifier === null || !isPath(specifier)) return;
      const resolved = path.resolve(path.dirname(context.physicalFilename ?? context.filename), stripQuery(specifier));
      const target = toPosix(path.relative(ROOT, resolved));
      if (target.startsWith('../') || path.isAbsolute(target)) {
        context.report({ node, messageId: 'outside', data: { specifier } });
        return;
      }
      const within = (folder) => folder === '/' || `${target}/`.startsWith(folder);
      if (within(ownFolder) || allowed.some(within)) return;
      const targetDirs = target.split('/').slice(0, -1);
      const folder = asFolder(targetDirs.slice(0, Math.max(1, Math.min(own, targetDirs.length))).join('/'));
      context.report({ node, messageId: 'notAllowed', data: { layer, target, folder } });
    });
  },
};

export default {
  meta: { name: 'layering' },
  rules: { packages, folders },
};
