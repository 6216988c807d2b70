export { extractArticle, type Article, type Extraction } from './article';
