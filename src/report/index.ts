/** Reports: SVG plots. */
export {
  renderSvg,
  lossCurveSvg,
  lineChartSvg,
  scatterSvg,
  partitionSvg,
  type PartitionPanel,
  mixtureSvg,
  sequencePanelsSvg,
  type SequencePoint,
  heatmapSvg,
  type HeatCell,
} from './svg.ts';
export { imageGridPng } from './images.ts';
