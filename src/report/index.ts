/** Reports: SVG plots. */
export { renderSvg, lossCurveSvg, lineChartSvg, scatterSvg } from './svg.ts';
export { imageGridPng } from './images.ts';
