// Backtest
