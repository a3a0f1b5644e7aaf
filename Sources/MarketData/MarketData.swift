// MarketData: file formats, synthetic market, post alignment.
