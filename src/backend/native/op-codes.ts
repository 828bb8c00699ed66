/**
 * Operation codes of the addon's `unary` and `binary`: an operation's code is its position in its
 * list, in the order of native/kernels.h (TEMPORA_UNARY_OPS, TEMPORA_BINARY_OPS). The addon
 * exports its lists as `opCodes`; test/backend/op-codes.test.ts checks that they equal these.
 */
export const UNARY_OPS = ['relu', 'step', 'square', 'neg', 'sqrt', 'rsqrt', 'exp', 'sigmoid', 'tanh'] as const;
export const BINARY_OPS = ['add', 'sub', 'mul', 'div', 'squaredDifference', 'maximum', 'minimum', 'reluGrad'] as const;

export type UnaryOp = (typeof UNARY_OPS)[number];
export type BinaryOp = (typeof BINARY_OPS)[number];

export const unaryCode = (op: UnaryOp): number => UNARY_OPS.indexOf(op);
export const binaryCode = (op: BinaryOp): number => BINARY_OPS.indexOf(op);
