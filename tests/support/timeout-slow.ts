// Integration and end-to-end tests start processes and containers: minutes, not seconds.
jest.setTimeout(300_000);
