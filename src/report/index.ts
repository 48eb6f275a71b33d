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
} from './svg.ts';
export { imageGridPng } from './images.ts';
