/** Reports: SVG plots. */
export {
  renderSvg,
  lossCurveSvg,
  lineChartSvg,
  scatterSvg,
  mixtureSvg,
  sequencePanelsSvg,
  type SequencePoint,
  heatmapSvg,
  type HeatCell,
} from './svg.ts';
export { imageGridPng } from './images.ts';
