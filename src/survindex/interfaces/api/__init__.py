"""interfaces/api"""
