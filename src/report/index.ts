/** Reports: SVG plots. */
export { renderSvg, lossCurveSvg, lineChartSvg, scatterSvg, mixtureSvg } from './svg.ts';
export { imageGridPng } from './images.ts';
