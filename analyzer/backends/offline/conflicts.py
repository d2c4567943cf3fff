"""stub"""

def detect(meeting):
    return []
