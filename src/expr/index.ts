/** Expression trees: node types, smart constructors, printer, parser and JSON codecs. */
export * from './vars.ts';
export * from './nodes.ts';
export * from './build.ts';
export { sameDist, sameExpr } from './equal.ts';
export { print, printExpr, printExprIn, printDist } from './print.ts';
export { parse, parseExpr, ParseError, type ParseEnv } from './parse.ts';
export { ObjectiveCodec, ExprCodec, DistCodec, EncoderCodec } from './codec.ts';
