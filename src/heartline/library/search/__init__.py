"""Full-text search of the practice library (tantivy + jieba); knows nothing of Django."""
