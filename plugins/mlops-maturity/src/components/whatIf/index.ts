export { RuleChangePreviewView } from './RuleChangePreviewView';
