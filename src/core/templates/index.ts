export {
  DEFAULT_TEMPLATE_OPTIONS,
  findTemplates,
  TemplateFinder,
  type Template,
  type TemplateOccurrence,
  type TemplateOptions,
} from './find.ts';
export { templateKind, type TemplateKind } from './kind.ts';
