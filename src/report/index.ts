/** Reports: SVG plots. */
export { renderSvg, lossCurveSvg, lineChartSvg, scatterSvg, sequencePanelsSvg, type SequencePoint } from './svg.ts';
export { imageGridPng } from './images.ts';
