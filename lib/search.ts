export * from './search/index';
