"""The Streamlit interface: wiring only (geo/ computes, layers/ draws)."""
