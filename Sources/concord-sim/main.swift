print("concord-sim")
