export { WaiverQueue } from './WaiverQueue';
