//! Runtime for the aliyun-live SDK (being written).
